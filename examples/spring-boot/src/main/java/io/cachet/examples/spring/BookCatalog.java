package io.cachet.examples.spring;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Spring's cache annotations over a slow "database" (a map). Each method records its invocation, so a test
 * sees whether the cache or the method answered.
 */
@Service
public class BookCatalog {
  private final Map<Long, Book> database = new ConcurrentHashMap<>();
  private final Invocations invocations;

  BookCatalog(Invocations invocations) {
    this.invocations = invocations;
    for (Book book : List.of(
        new Book(1, "Dune", "Frank Herbert", 1965),
        new Book(2, "Children of Dune", "Frank Herbert", 1976),
        new Book(3, "The Left Hand of Darkness", "Ursula K. Le Guin", 1969))) {
      database.put(book.id(), book);
    }
  }

  /** One argument: the key is the id itself. An unknown id caches null (Spring stores its NullValue). */
  @Cacheable("books")
  public Book find(long id) {
    invocations.record("find");
    return database.get(id);
  }

  /** Several arguments: the key is Spring's SimpleKey of both. */
  @Cacheable("searches")
  public List<Book> byAuthorAndYear(String author, int year) {
    invocations.record("byAuthorAndYear");
    return database.values().stream()
        .filter(book -> book.author().equals(author) && book.year() == year)
        .toList();
  }

  /** Synchronized: concurrent misses on one key run the method once (JCache's invoke with a lambda). */
  @Cacheable(cacheNames = "prices", sync = true)
  public BigDecimal price(long id) {
    invocations.record("price");
    sleepLikeASlowQuery();
    return BigDecimal.valueOf(10 + id, 2);
  }

  /** Always runs, and caches the saved book under its id. */
  @CachePut(cacheNames = "books", key = "#book.id")
  public Book save(Book book) {
    invocations.record("save");
    database.put(book.id(), book);
    return book;
  }

  @CacheEvict("books")
  public void evict(long id) {
    invocations.record("evict");
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void evictAll() {
    invocations.record("evictAll");
  }

  /** A value Cachet must refuse: a list (Stream.toList, itself Serializable) of values that are not. */
  @Cacheable("searches")
  public List<Shelf> shelves(String room) {
    invocations.record("shelves");
    return Stream.of("A", "B").map(row -> new Shelf(room + "-" + row)).toList();
  }

  private static void sleepLikeASlowQuery() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
