package io.cachet.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import java.util.UUID;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A book, identified by a composite {@link Isbn}, with a UUID field, an enum field and two associations. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Book {
  @EmbeddedId
  private Isbn isbn;

  private String title;

  /** The library's own catalogue identifier: a UUID value in every cached entry of this entity. */
  private UUID catalogueId;

  @Enumerated(EnumType.STRING)
  private Format format;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  private Author author;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  private Genre genre;

  protected Book() {}

  public Book(Isbn isbn, String title, UUID catalogueId, Format format, Author author, Genre genre) {
    this.isbn = isbn;
    this.title = title;
    this.catalogueId = catalogueId;
    this.format = format;
    this.author = author;
    this.genre = genre;
    author.getBooks().add(this);
  }

  public Isbn getIsbn() {
    return isbn;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public UUID getCatalogueId() {
    return catalogueId;
  }

  public Format getFormat() {
    return format;
  }

  public Author getAuthor() {
    return author;
  }

  public Genre getGenre() {
    return genre;
  }
}
