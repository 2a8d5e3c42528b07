package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.metrics.MetricsEndpoint;
import org.springframework.cache.CacheManager;

/**
 * A cached book changed on disk behind the application's back is refused, and the actuator's metrics endpoint
 * (what {@code /actuator/metrics/cachet.integrity.refused?tag=cache:books} serves) counts it for its cache and
 * reason. The counters are cumulative over the shared context, so the test compares before and after.
 */
@BookshopTest
class IntegrityMetricsTest {
  private static final String REFUSED = "cachet.integrity.refused";

  @Autowired BookCatalog catalog;
  @Autowired Invocations invocations;
  @Autowired CacheManager caches;
  @Autowired MetricsEndpoint metrics;

  @BeforeEach
  void emptyCaches() {
    EmptyCaches.clear(caches, invocations);
  }

  @Test
  void aTamperedBook_isLoadedAgain_andCountedAsABadSignatureOfTheBooksCache() throws SQLException {
    double badSignaturesBefore = count(List.of("cache:books", "reason:BAD_SIGNATURE"));
    double booksBefore = count(List.of("cache:books"));
    double searchesBefore = count(List.of("cache:searches"));
    catalog.find(3);
    changeCreationTimeOfEveryRow("books");

    assertThat(catalog.find(3).title()).isEqualTo("The Left Hand of Darkness");

    assertThat(invocations.of("find")).as("refused, so the method ran again").isEqualTo(2);
    assertThat(count(List.of("cache:books", "reason:BAD_SIGNATURE"))).isEqualTo(badSignaturesBefore + 1);
    assertThat(count(List.of("cache:books"))).as("no other reason").isEqualTo(booksBefore + 1);
    assertThat(count(List.of("cache:searches"))).isEqualTo(searchesBefore);
  }

  @Test
  void theEndpoint_describesTheMeter_andOffersEveryCacheAndReasonAsTags() {
    MetricsEndpoint.MetricDescriptor refused = metrics.metric(REFUSED, List.of());

    assertThat(refused.getBaseUnit()).isEqualTo("entries");
    assertThat(refused.getAvailableTags())
        .anySatisfy(tag -> {
          assertThat(tag.getTag()).isEqualTo("cache");
          assertThat(tag.getValues()).containsExactlyInAnyOrder("books", "searches", "prices", "isbns");
        })
        .anySatisfy(tag -> {
          assertThat(tag.getTag()).isEqualTo("reason");
          assertThat(tag.getValues()).contains("BAD_SIGNATURE", "HASH_MISMATCH", "REPLAYED");
        });
  }

  private double count(List<String> tags) {
    return metrics.metric(REFUSED, tags).getMeasurements().get(0).getValue();
  }

  /** The creation time is signed: every row of the cache then fails its signature check. */
  private static void changeCreationTimeOfEveryRow(String cache) throws SQLException {
    Path database = Path.of(System.getProperty("cachet.root"), "cachet.db");
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement update = db.prepareStatement(
            "UPDATE entries SET created_at = created_at - 1 WHERE namespace = ?")) {
      update.setString(1, cache);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}
