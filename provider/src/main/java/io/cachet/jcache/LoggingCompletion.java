package io.cachet.jcache;

import javax.cache.integration.CompletionListener;

/** The completion listener of a {@code loadAll} whose caller gave none: a failure is logged, not lost. */
final class LoggingCompletion implements CompletionListener {
  private static final System.Logger LOG = System.getLogger(LoggingCompletion.class.getName());

  private final String cacheName;

  LoggingCompletion(String cacheName) {
    this.cacheName = cacheName;
  }

  @Override
  public void onCompletion() {
  }

  @Override
  public void onException(Exception e) {
    LOG.log(System.Logger.Level.WARNING, "loadAll on cache " + cacheName + " failed", e);
  }
}
