package io.cachet.examples.spring;

import io.cachet.micrometer.CachetIntegrityMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose caches are Cachet's, chosen and configured by {@code application.properties}
 * alone; the only code that knows about JCache is the default cache configuration and the metrics binder below.
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

  /**
   * Cachet's integrity counters ({@code cachet.integrity.refused}, by cache and reason) in the actuator's
   * metrics, for the caches Spring Boot created from {@code spring.cache.cache-names}.
   */
  @Bean
  MeterBinder cachetIntegrityMetrics(CacheManager jcacheManager) {
    return CachetIntegrityMetrics.ofCaches(jcacheManager);
  }

  public static void main(String[] args) {
    SpringApplication.run(BookshopApplication.class, args);
  }
}
