package io.cachet.examples.spring;

import javax.cache.configuration.MutableConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose caches are Cachet's, chosen and configured by {@code application.properties}
 * alone; the only code that knows about JCache is the default cache configuration below.
 */
@SpringBootApplication
@EnableCaching
public class BookshopApplication {

  /**
   * The configuration Spring Boot gives every cache named in {@code spring.cache.cache-names}. Statistics are
   * off by default in JCache; Micrometer's cache meters read them from the JCache statistics MXBean.
   */
  @Bean
  MutableConfiguration<Object, Object> cacheConfiguration() {
    return new MutableConfiguration<>().setStatisticsEnabled(true);
  }

  public static void main(String[] args) {
    SpringApplication.run(BookshopApplication.class, args);
  }
}
