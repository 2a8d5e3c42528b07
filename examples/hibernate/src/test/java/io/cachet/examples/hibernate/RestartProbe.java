package io.cachet.examples.hibernate;

import java.nio.file.Path;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * One run of the library in its own JVM, for {@link RestartTest}. {@code first} stocks the shelf and reads it
 * through every cache; {@code restarted} reads the same way on a new session factory, measured from the moment
 * it is built. Both print their statistics as {@code name=value} lines and close the factory cleanly.
 */
public final class RestartProbe {
  private RestartProbe() {}

  /** Arguments: the database file, then {@code first} or {@code restarted}. */
  public static void main(String[] args) {
    Path databaseFile = Path.of(args[0]);
    boolean first = args[1].equals("first");
    try (SessionFactory sessionFactory = Library.open(databaseFile)) {
      Statistics statistics = sessionFactory.getStatistics();
      // Counts start here: schema validation at start-up is not what the restart is about.
      statistics.clear();
      if (first) {
        Shelf.stock(sessionFactory);
      }
      readTheShelf(sessionFactory);
      print(statistics);
    }
  }

  /** Loads the author, walks her books to their genre, and runs the cached query. */
  private static void readTheShelf(SessionFactory sessionFactory) {
    sessionFactory.inSession(session -> {
      Author author = session.find(Author.class, Shelf.AUTHOR);
      System.out.println("author=" + author.getName());
      author.getBooks().forEach(book -> System.out.println("genre=" + book.getGenre().getLabel()));
    });
    sessionFactory.inSession(session -> {
      List<Book> books = Library.booksBy(session, Shelf.AUTHOR);
      books.forEach(book -> System.out.println("title=" + book.getTitle()));
    });
  }

  private static void print(Statistics statistics) {
    System.out.println("prepareStatementCount=" + statistics.getPrepareStatementCount());
    System.out.println("secondLevelCacheHitCount=" + statistics.getSecondLevelCacheHitCount());
    System.out.println("secondLevelCacheMissCount=" + statistics.getSecondLevelCacheMissCount());
    System.out.println("secondLevelCachePutCount=" + statistics.getSecondLevelCachePutCount());
    for (Class<?> entity : List.of(Author.class, Book.class, Genre.class)) {
      System.out.println(entity.getSimpleName() + "CacheHitCount="
          + statistics.getEntityStatistics(entity.getName()).getCacheHitCount());
    }
    System.out.println("collectionCacheHitCount="
        + statistics.getCollectionStatistics(Author.class.getName() + ".books").getCacheHitCount());
    System.out.println("queryCacheHitCount=" + statistics.getQueryCacheHitCount());
    System.out.println("queryCacheMissCount=" + statistics.getQueryCacheMissCount());
    System.out.println("queryCachePutCount=" + statistics.getQueryCachePutCount());
    System.out.println("updateTimestampsCacheHitCount=" + statistics.getUpdateTimestampsCacheHitCount());
    System.out.println("updateTimestampsCacheMissCount=" + statistics.getUpdateTimestampsCacheMissCount());
  }
}
