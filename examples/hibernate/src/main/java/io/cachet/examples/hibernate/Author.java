package io.cachet.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An author, identified by a UUID, with a cached collection of books. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {
  @Id
  private UUID id;

  private String name;

  // Cached on its own region: the set of book ids, so walking it after a restart needs no SQL either.
  @OneToMany(mappedBy = "author")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private Set<Book> books = new HashSet<>();

  protected Author() {}

  public Author(UUID id, String name) {
    this.id = id;
    this.name = name;
  }

  public UUID getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Set<Book> getBooks() {
    return books;
  }
}
