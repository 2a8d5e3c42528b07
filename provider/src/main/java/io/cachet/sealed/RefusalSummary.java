package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One namespace's entries refused because their value could no longer be deserialized (its class is no longer
 * allowed, changed shape or is gone), logged as one WARNING a minute with the count, the reasons and the class
 * names: after a class or allow-list change every old entry is refused as it is read, and a line each would
 * bury the log. The summary is logged a minute after the first refusal it counts, or when the store closes.
 */
final class RefusalSummary {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  static final long INTERVAL_SECONDS = 60;
  private static final int MAX_NAMES = 10;

  private final String namespace;
  private final Map<Reason, Set<String>> classes = new EnumMap<>(Reason.class);
  private final Map<Reason, Long> counts = new EnumMap<>(Reason.class);
  private long deleted;

  RefusalSummary(String namespace) {
    this.namespace = namespace;
  }

  /** Whether refusals for this reason are summarized rather than logged one by one. */
  static boolean summarizes(Reason reason) {
    return reason == Reason.CLASS_NOT_ALLOWED || reason == Reason.UNDECODABLE;
  }

  /** Counts a refused entry, for the summary logged at most a minute from now. */
  void add(Reason reason, String className, boolean wasDeleted) {
    boolean first;
    synchronized (this) {
      first = counts.isEmpty();
      counts.merge(reason, 1L, Long::sum);
      Set<String> names = classes.computeIfAbsent(reason, r -> new LinkedHashSet<>());
      if (className != null) {
        names.add(className);
      }
      deleted += wasDeleted ? 1 : 0;
    }
    if (first) {
      Flusher.SCHEDULER.schedule(this::flush, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Logs what was counted since the last summary, if anything, and starts counting afresh. */
  void flush() {
    String summary;
    synchronized (this) {
      if (counts.isEmpty()) {
        return;
      }
      summary = summary();
      counts.clear();
      classes.clear();
      deleted = 0;
    }
    LOG.log(Level.WARNING, summary);
  }

  private String summary() {
    long total = 0;
    StringBuilder reasons = new StringBuilder();
    for (Map.Entry<Reason, Long> count : counts.entrySet()) {
      total += count.getValue();
      reasons.append(reasons.length() == 0 ? "" : "; ").append(count.getValue()).append(' ')
          .append(RefusedEntry.text(count.getKey()));
      Set<String> names = classes.get(count.getKey());
      if (!names.isEmpty()) {
        reasons.append(": ").append(String.join(", ", names.stream().limit(MAX_NAMES).toList()));
        if (names.size() > MAX_NAMES) {
          reasons.append(" and ").append(names.size() - MAX_NAMES).append(" more classes");
        }
      }
    }
    return "Refused " + total + (total == 1 ? " entry" : " entries") + " of namespace \"" + namespace
        + "\" in the last minute, each answered as a miss (" + deleted + " deleted, the others kept): " + reasons
        + ". Stored before their class or the class allow-list changed, they are cached afresh as they are"
        + " written again; a class that should be read back belongs in allowedClasses.";
  }

  /** The one daemon thread that logs the summaries of every namespace when their minute is up. */
  private static final class Flusher {
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cachet-refusal-summaries");
      thread.setDaemon(true);
      return thread;
    });
  }
}
