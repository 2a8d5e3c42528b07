package io.cachet.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hibernate's second-level cache on Cachet within one session factory, measured with Hibernate's statistics. */
class SecondLevelCacheTest {
  private static final String AUTHOR_REGION = Author.class.getName();
  private static final String BOOKS_ROLE = Author.class.getName() + ".books";

  @TempDir
  Path directory;

  private LibraryFixture library;

  @BeforeEach
  void stockTheShelf() {
    library = LibraryFixture.open(directory);
    Shelf.stock(library.sessionFactory());
  }

  @AfterEach
  void closeTheLibrary() {
    library.close();
  }

  @Test
  void persist_putsEveryEntityIntoTheCache() {
    assertEquals(4, library.sessionFactory().getStatistics().getSecondLevelCachePutCount(),
        "one genre, one author, two books");
  }

  @Test
  void cachedEntity_loadsWithoutSql() {
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> {
      assertEquals("Ursula K. Le Guin", session.find(Author.class, Shelf.AUTHOR).getName());
    });
    assertEquals(0, statistics.getPrepareStatementCount());
    assertEquals(1, statistics.getSecondLevelCacheHitCount());
    assertEquals(0, statistics.getSecondLevelCacheMissCount());
  }

  @Test
  void cachedEntity_withACompositeId_loadsWithoutSql_andKeepsItsUuidAndEnumFields() {
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> {
      Book book = session.find(Book.class, Shelf.EARTHSEA);
      assertEquals("A Wizard of Earthsea", book.getTitle());
      assertEquals(Shelf.EARTHSEA_CATALOGUE_ID, book.getCatalogueId());
      assertEquals(Format.PAPERBACK, book.getFormat());
    });
    assertEquals(0, statistics.getPrepareStatementCount());
    assertEquals(1, statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount());
  }

  @Test
  void readOnlyEntity_loadsWithoutSql() {
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> {
      assertEquals("Fantasy", session.find(Genre.class, Shelf.FANTASY).getLabel());
    });
    assertEquals(0, statistics.getPrepareStatementCount());
    assertEquals(1, statistics.getEntityStatistics(Genre.class.getName()).getCacheHitCount());
  }

  @Test
  void cachedCollection_isServedFromTheCache_onceLoaded() {
    library.sessionFactory().inSession(session -> session.find(Author.class, Shelf.AUTHOR).getBooks().size());
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> {
      Author author = session.find(Author.class, Shelf.AUTHOR);
      assertEquals(2, author.getBooks().size());
      author.getBooks().forEach(book -> assertEquals("Fantasy", book.getGenre().getLabel()));
    });
    assertEquals(0, statistics.getPrepareStatementCount(), "author, collection, books and genre all cached");
    assertEquals(1, statistics.getCollectionStatistics(BOOKS_ROLE).getCacheHitCount());
    assertEquals(2, statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount());
  }

  @Test
  void cachedQuery_hitsTheQueryCache_andRunsNoSql() {
    library.sessionFactory().inSession(session -> Library.booksBy(session, Shelf.AUTHOR));
    Statistics statistics = library.freshStatistics();
    List<String> titles = library.sessionFactory().fromSession(session -> titles(session));
    assertEquals(List.of("A Wizard of Earthsea", "The Lathe of Heaven"), titles);
    assertEquals(1, statistics.getQueryCacheHitCount());
    assertEquals(0, statistics.getQueryCacheMissCount());
    assertEquals(0, statistics.getPrepareStatementCount());
  }

  @Test
  void cachedQuery_misses_afterAnUpdateToItsTable() {
    library.sessionFactory().inSession(session -> Library.booksBy(session, Shelf.AUTHOR));
    library.sessionFactory().inTransaction(session ->
        session.find(Book.class, Shelf.LATHE).setTitle("Lathe of Heaven, The"));
    Statistics statistics = library.freshStatistics();
    List<String> titles = library.sessionFactory().fromSession(session -> titles(session));
    assertEquals(List.of("A Wizard of Earthsea", "Lathe of Heaven, The"), titles);
    assertEquals(0, statistics.getQueryCacheHitCount());
    assertEquals(1, statistics.getQueryCacheMissCount());
    assertEquals(1, statistics.getQueryCachePutCount());
    assertEquals(1, statistics.getPrepareStatementCount(), "the query runs; the books still come from the cache");
  }

  @Test
  void evictEntity_makesTheNextLoadRunSql() {
    library.sessionFactory().getCache().evictEntityData(Author.class, Shelf.AUTHOR);
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> session.find(Author.class, Shelf.AUTHOR));
    assertEquals(1, statistics.getPrepareStatementCount());
    assertEquals(0, statistics.getSecondLevelCacheHitCount());
    assertEquals(1, statistics.getSecondLevelCacheMissCount());
    assertEquals(1, statistics.getSecondLevelCachePutCount(), "the loaded author is cached again");
  }

  @Test
  void evictCollection_makesTheNextWalkRunSql_butNotTheEntityLoad() {
    library.sessionFactory().inSession(session -> session.find(Author.class, Shelf.AUTHOR).getBooks().size());
    library.sessionFactory().getCache().evictCollectionData(BOOKS_ROLE, Shelf.AUTHOR);
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> session.find(Author.class, Shelf.AUTHOR).getBooks().size());
    assertEquals(1, statistics.getPrepareStatementCount(), "only the collection is loaded");
    assertEquals(1, statistics.getCollectionStatistics(BOOKS_ROLE).getCacheMissCount());
    assertEquals(1, statistics.getEntityStatistics(Author.class.getName()).getCacheHitCount());
  }

  @Test
  void evictQueryRegions_makesTheNextQueryMiss() {
    library.sessionFactory().inSession(session -> Library.booksBy(session, Shelf.AUTHOR));
    library.sessionFactory().getCache().evictQueryRegions();
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> Library.booksBy(session, Shelf.AUTHOR));
    assertEquals(1, statistics.getQueryCacheMissCount());
    assertEquals(1, statistics.getPrepareStatementCount());
  }

  @Test
  void evictAllRegions_emptiesEntityCollectionAndQueryCaches() {
    library.sessionFactory().inSession(session -> Library.booksBy(session, Shelf.AUTHOR));
    library.sessionFactory().getCache().evictAllRegions();
    assertFalse(library.sessionFactory().getCache().containsEntity(Author.class, Shelf.AUTHOR));
    assertFalse(library.sessionFactory().getCache().containsEntity(Book.class, Shelf.EARTHSEA));
    Statistics statistics = library.freshStatistics();
    library.sessionFactory().inSession(session -> session.find(Genre.class, Shelf.FANTASY));
    assertEquals(1, statistics.getPrepareStatementCount());
    assertEquals(1, statistics.getEntityStatistics(Genre.class.getName()).getCacheMissCount());
  }

  private static List<String> titles(Session session) {
    return Library.booksBy(session, Shelf.AUTHOR).stream().map(Book::getTitle).toList();
  }
}
