package io.cachet.examples.hibernate;

import java.util.UUID;
import org.hibernate.SessionFactory;

/** The test data: one genre, one author and her two books, written in one transaction. */
final class Shelf {
  static final UUID AUTHOR = UUID.fromString("5c0f6c1e-8d7a-4a57-9a55-4c3f1e0b2d11");
  static final Isbn EARTHSEA = new Isbn(978, "0547773742");
  static final Isbn LATHE = new Isbn(978, "1416556965");
  static final UUID EARTHSEA_CATALOGUE_ID = UUID.fromString("0e2d7f58-3b4c-4d1e-8f6a-9b8c7d6e5f40");
  static final String FANTASY = "fantasy";

  private Shelf() {}

  static void stock(SessionFactory sessionFactory) {
    sessionFactory.inTransaction(session -> {
      Genre fantasy = new Genre(FANTASY, "Fantasy");
      Author author = new Author(AUTHOR, "Ursula K. Le Guin");
      session.persist(fantasy);
      session.persist(author);
      session.persist(new Book(EARTHSEA, "A Wizard of Earthsea",
          EARTHSEA_CATALOGUE_ID, Format.PAPERBACK, author, fantasy));
      session.persist(new Book(LATHE, "The Lathe of Heaven",
          UUID.fromString("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), Format.HARDCOVER, author, fantasy));
    });
  }
}
