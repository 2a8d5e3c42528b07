package io.cachet.examples.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.springframework.stereotype.Service;

/** The standard JSR-107 annotations, which Spring interprets as it does its own. */
@Service
public class IsbnDirectory {
  private final Map<Long, String> isbns = new ConcurrentHashMap<>(Map.of(1L, "978-0441013593"));
  private final Invocations invocations;

  IsbnDirectory(Invocations invocations) {
    this.invocations = invocations;
  }

  @CacheResult(cacheName = "isbns")
  public String isbn(long bookId) {
    invocations.record("isbn");
    return isbns.get(bookId);
  }

  @CachePut(cacheName = "isbns")
  public void assign(@CacheKey long bookId, @CacheValue String isbn) {
    invocations.record("assign");
    isbns.put(bookId, isbn);
  }

  @CacheRemove(cacheName = "isbns")
  public void forget(long bookId) {
    invocations.record("forget");
  }

  @CacheRemoveAll(cacheName = "isbns")
  public void forgetAll() {
    invocations.record("forgetAll");
  }
}
