package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The one way a real-fault or security test gives up on a machine that cannot stage its fault (no mount
 * namespace, no second user): outside CI it is skipped with the reason printed, so a developer's laptop
 * stays usable; under {@code CI=true} it fails, since CI runs as root with {@code unshare} and a skip there
 * means the guard silently stopped guarding.
 */
public final class EnvironmentSkip {
  /** The environment variable CI services set (GitHub Actions, GitLab, Jenkins' plugins, {@code .ci/run}). */
  static final String CI_VARIABLE = "CI";

  private EnvironmentSkip() {}

  /** Skips the test with the reason printed, or fails it under {@code CI=true}; never returns. */
  public static void skip(String test, String reason) {
    if ("true".equalsIgnoreCase(System.getenv(CI_VARIABLE))) {
      fail(test + " cannot run on this machine, and under " + CI_VARIABLE + "=true a real-fault test must run,"
          + " not skip: " + reason);
    }
    System.out.println("SKIPPED " + test + ": " + reason);
    Assumptions.abort(reason);
  }
}
