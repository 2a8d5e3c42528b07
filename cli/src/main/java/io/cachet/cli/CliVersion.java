package io.cachet.cli;

import picocli.CommandLine.IVersionProvider;

/** The tool's version: the implementation version its jar's manifest names, if any. */
final class CliVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = CliVersion.class.getPackage().getImplementationVersion();
    return new String[] {"cachet " + (version == null ? "(development build)" : version)};
  }
}
