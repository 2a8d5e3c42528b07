package io.cachet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command takes: the TARGET, and {@code --json} for one machine-readable document. */
final class TargetArguments {
  @Parameters(index = "0", paramLabel = "TARGET", description = "A root directory or an options file.")
  Path target;

  @Option(names = "--json", description = "Print one JSON document instead of a table.")
  boolean json;

  /** The target resolved as a cache manager would resolve it. */
  Target resolve() {
    return Target.of(target);
  }
}
