package io.cachet.examples.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One run of the application in its own JVM, for {@link WarmAfterRestartTest}: starts it, looks up a book and
 * a search once each, prints how often each method ran and the books cache's meters as {@code key=value}
 * lines, and shuts down cleanly.
 */
public final class BookshopRun {
  private BookshopRun() {}

  public static void main(String[] args) {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BookshopApplication.class)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .run(args)) {
      BookCatalog catalog = context.getBean(BookCatalog.class);
      Invocations invocations = context.getBean(Invocations.class);

      System.out.println("find.result=" + catalog.find(1).title());
      System.out.println("search.result=" + catalog.byAuthorAndYear("Frank Herbert", 1965).size());

      System.out.println("find.invocations=" + invocations.of("find"));
      System.out.println("search.invocations=" + invocations.of("byAuthorAndYear"));
      CacheMeters books = CacheMeters.read(context.getBean(MeterRegistry.class), "books");
      System.out.println("books.hits=" + books.hits());
      System.out.println("books.misses=" + books.misses());
      System.out.println("books.puts=" + books.puts());
    }
  }
}
