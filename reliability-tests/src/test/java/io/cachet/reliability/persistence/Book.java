package io.cachet.reliability.persistence;

import java.io.Serializable;
import java.util.UUID;

/** A value record: Serializable, no no-arg constructor, with a UUID as Hibernate entities have. */
public record Book(String isbn, String title, UUID id, int pages) implements Serializable {
  private static final long serialVersionUID = 1L;
}
