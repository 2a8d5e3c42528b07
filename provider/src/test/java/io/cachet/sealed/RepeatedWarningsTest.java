package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A storage failure that repeats is one WARNING a minute, the others at DEBUG and counted in the next WARNING. */
class RepeatedWarningsTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final List<String> logged = new ArrayList<>();
  private final RepeatedWarnings warnings = new RepeatedWarnings(new RecordingLogger(logged));

  @Test
  void aFailureRepeatedWithinAMinute_isOneWarning_andTheNextWarningCountsTheRepeats() {
    for (int i = 0; i < 1000; i++) {
      warnings.warn("evict from namespace \"books\"", "disk full", i * 10_000_000L);
    }
    warnings.warn("evict from namespace \"books\"", "disk full", 61 * SECOND);

    List<String> warned = logged.stream().filter(line -> line.startsWith("WARNING")).toList();
    assertEquals(List.of("WARNING disk full",
        "WARNING disk full (999 more like it in the last minute, logged at DEBUG)"), warned);
    assertEquals(999, logged.stream().filter(line -> line.startsWith("DEBUG")).count());
  }

  @Test
  void failuresOfDifferentOperationsOrNamespaces_areEachWarnedOf() {
    warnings.warn("evict from namespace \"books\"", "disk full", 0);
    warnings.warn("evict from namespace \"authors\"", "disk full", 1);
    warnings.warn("read from namespace \"books\"", "disk full", 2);

    assertEquals(List.of("WARNING disk full", "WARNING disk full", "WARNING disk full"), logged);
  }

  /** Keeps what is logged as "LEVEL message". */
  private record RecordingLogger(List<String> lines) implements System.Logger {
    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      lines.add(level + " " + message);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
    }

    @Override
    public void log(Level level, Supplier<String> message) {
      lines.add(level + " " + message.get());
    }
  }
}
