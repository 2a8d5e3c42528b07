package io.cachet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cachet}, the operator's tool. Exit status: 0 when all is well, 1 when a command found problems, 2 when it
 * could not run (a bad argument, a target it cannot open).
 */
@Command(name = "cachet", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
    description = "Lists, inspects, verifies, repairs and empties the caches of a Cachet store. TARGET is a root "
        + "directory (the embedded store) or an options file (any store, the shared one included).",
    subcommands = {CachesCommand.class, InspectCommand.class, VerifyCommand.class, RepairCommand.class,
        PurgeCommand.class, RotateKeyCommand.class, QuarantinedCommand.class})
public final class CachetCli {
  /** The command ran and found nothing wrong. */
  static final int FINE = 0;
  /** The command ran and found problems. */
  static final int PROBLEMS = 1;
  /** The command could not run. */
  static final int COULD_NOT_RUN = 2;

  private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

  private CachetCli() {}

  public static void main(String[] args) {
    // The shared store's libraries log through SLF4J, which warns on stderr that no binding is present; the tool's
    // output is its own.
    if (System.getProperty(SLF4J_VERBOSITY) == null) {
      System.setProperty(SLF4J_VERBOSITY, "ERROR");
    }
    // What the store logs of what it meets (a ledger that does not match, a key file replaced) is what the
    // commands report themselves, as findings.
    if (System.getProperty("java.util.logging.config.file") == null) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  static int run(String... args) {
    CommandLine commandLine = new CommandLine(new CachetCli());
    commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
      line.getErr().println("cachet " + line.getCommandName() + ": " + message(failure));
      return COULD_NOT_RUN;
    });
    commandLine.setExitCodeExceptionMapper(failure -> COULD_NOT_RUN);
    return commandLine.execute(args);
  }

  /** The failure's message with its causes' where they add something. */
  private static String message(Throwable failure) {
    StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString();
  }
}
