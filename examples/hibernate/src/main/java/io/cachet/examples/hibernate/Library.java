package io.cachet.examples.hibernate;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.JdbcSettings;

/**
 * Builds the library's {@link SessionFactory}: every setting, the second-level cache on Cachet included, comes
 * from {@value #SETTINGS}; only the database file is chosen here.
 */
public final class Library {
  /** The class path resource holding the Hibernate settings. */
  public static final String SETTINGS = "library-hibernate.properties";

  /** The cached query: an author's books, by title. */
  static final String BOOKS_BY_AUTHOR = "from Book b where b.author.id = :author order by b.title";

  private Library() {}

  /** A session factory over the H2 database stored in {@code databaseFile} (H2 adds {@code .mv.db}). */
  public static SessionFactory open(Path databaseFile) {
    StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
        .loadProperties(SETTINGS)
        .applySetting(JdbcSettings.JAKARTA_JDBC_URL, "jdbc:h2:file:" + databaseFile.toAbsolutePath())
        .build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClasses(Author.class, Book.class, Genre.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  /** The author's books by title, through the query cache. */
  public static List<Book> booksBy(Session session, UUID authorId) {
    return session.createSelectionQuery(BOOKS_BY_AUTHOR, Book.class)
        .setParameter("author", authorId)
        .setCacheable(true)
        .getResultList();
  }
}
