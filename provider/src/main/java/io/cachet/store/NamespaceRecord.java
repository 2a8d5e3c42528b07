package io.cachet.store;

import java.util.Objects;

/**
 * One row of the namespaces table: a namespace's name, its derived storage id and its signature.
 *
 * @param id a hex id derived from the name, used instead of the name wherever a file name is needed
 * @param signature {@code v{N}:{hex}}, or null if unsigned
 */
public record NamespaceRecord(String name, String id, long createdAt, String signature) {

  public NamespaceRecord {
    Objects.requireNonNull(name, "name");
  }
}
