package io.cachet.store.postgres;

import io.cachet.store.postgres.FaultWorkload.Call;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;

/**
 * What the calls of a {@link FaultWorkload} tell about a fault, once the service is back: how many writes the fault
 * refused ({@code injected}), which failures were not a {@code CacheException} or were a read's, how long the
 * longest call took, and, reading every key and counter back through the same caches, what was lost (an
 * acknowledged write not read back) or corrupt (bytes no writer wrote, a counter above every attempt).
 */
final class FaultAudit {
  private final List<Call> calls;
  int lost;
  int corrupt;

  FaultAudit(List<Call> calls) {
    this.calls = List.copyOf(calls);
  }

  /** {@return the writes that failed, each with a CacheException} */
  long injected() {
    return calls.stream().filter(call -> call.result().equals("CacheException") && !call.op().equals("get")).count();
  }

  /** {@return the calls that failed otherwise than a write with a CacheException: a read's failure is one} */
  List<Call> wrongFailures() {
    return calls.stream().filter(Call::failed)
        .filter(call -> call.op().equals("get") || !call.result().equals("CacheException")).toList();
  }

  long longestMillis() {
    return calls.stream().mapToLong(Call::millis).max().orElse(0);
  }

  /** {@return whether each of the writers' last {@code n} puts succeeded, all of them started after {@code since}} */
  boolean recovered(int threads, long since, int n) {
    for (int t = 0; t < threads; t++) {
      int thread = t;
      List<Call> puts = calls.stream().filter(call -> call.thread() == thread && call.op().equals("put")).toList();
      List<Call> last = puts.subList(Math.max(0, puts.size() - n), puts.size());
      if (last.size() < n || last.stream().anyMatch(call -> call.failed() || call.startMillis() < since)) {
        return false;
      }
    }
    return true;
  }

  /** Reads every key and counter back, counting what was lost and what is corrupt. */
  void readBack(Cache<String, byte[]> values, Cache<String, Long> counters) {
    Map<String, List<Call>> puts = calls.stream().filter(call -> call.op().equals("put"))
        .collect(Collectors.groupingBy(Call::key));
    for (Map.Entry<String, List<Call>> key : puts.entrySet()) {
      long acked = key.getValue().stream().filter(call -> call.result().equals("ok")).mapToLong(Call::seq).max()
          .orElse(-1);
      // A refused write may still have committed: it may be read back, if it came after the last acknowledged one.
      Set<Long> possible = new HashSet<>();
      possible.add(acked);
      key.getValue().stream().filter(call -> call.failed() && call.seq() > acked).forEach(call -> possible.add(
          call.seq()));
      byte[] read = values.get(key.getKey());
      if (read == null) {
        lost += acked >= 0 ? 1 : 0;
      } else if (!FaultWorkload.isValue(read)) {
        corrupt++;
      } else if (!possible.contains(FaultWorkload.seq(read))) {
        if (FaultWorkload.seq(read) < acked) {
          lost++;
        } else {
          corrupt++;
        }
      }
    }
    Map<Integer, long[]> increments = new HashMap<>();
    calls.stream().filter(call -> call.op().equals("invoke")).forEach(call -> {
      long[] counts = increments.computeIfAbsent(call.thread(), thread -> new long[2]);
      counts[call.failed() ? 1 : 0]++;
    });
    for (Map.Entry<Integer, long[]> thread : increments.entrySet()) {
      Long value = counters.get(FaultWorkload.counter(thread.getKey()));
      long count = value == null ? 0 : value;
      long acked = thread.getValue()[0];
      if (count < acked) {
        lost++;
      } else if (count > acked + thread.getValue()[1]) {
        corrupt++;
      }
    }
    corrupt += (int) calls.stream().filter(call -> call.result().equals("corrupt")).count();
  }

  /** {@code FAULTS} line of a test class, as the reliability tests print theirs. */
  String summary(String testClass, String details) {
    return "FAULTS " + testClass + " (" + details + ") calls=" + calls.size() + " injected=" + injected()
        + " longestCallMs=" + longestMillis() + " lost=" + lost + " corrupt=" + corrupt;
  }
}
