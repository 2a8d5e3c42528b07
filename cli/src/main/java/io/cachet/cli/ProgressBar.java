package io.cachet.cli;

import io.cachet.sealed.AuditProgress;
import java.io.Console;
import java.io.PrintStream;

/**
 * A one-line progress bar on the terminal's error stream while a long scan runs, redrawn at most every tenth of a
 * second and erased at the end; nothing at all when the error stream is not a terminal, so that logs and pipes
 * stay clean.
 */
final class ProgressBar implements AuditProgress, AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream terminal;
  private long lastDrawn;
  private boolean drawn;

  private ProgressBar(PrintStream terminal) {
    this.terminal = terminal;
  }

  /** A bar on the terminal, or one that shows nothing when there is none. */
  static ProgressBar onTerminal() {
    return new ProgressBar(isTerminal() ? System.err : null);
  }

  @Override
  public void checked(String cache, long checked, long rows) {
    long now = System.nanoTime();
    if (terminal == null || (drawn && now - lastDrawn < REDRAW_NANOS && checked < rows)) {
      return;
    }
    lastDrawn = now;
    drawn = true;
    int filled = rows == 0 ? WIDTH : (int) (WIDTH * checked / rows);
    String name = Printable.of(cache);
    terminal.print("\r\033[K" + (name.length() > 24 ? name.substring(0, 23) + "…" : name) + " ["
        + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + checked + "/" + rows);
    terminal.flush();
  }

  /** Erases the bar, before a line is printed under it or at the end. */
  void clear() {
    if (drawn) {
      terminal.print("\r\033[K");
      terminal.flush();
      drawn = false;
    }
  }

  @Override
  public void close() {
    clear();
  }

  /**
   * Whether the process talks to a terminal. From Java 22 {@link System#console()} is there also when the streams
   * are redirected, and only {@code Console.isTerminal()}, absent from Java 17, tells.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
