package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** SQLSTATEs map to the kinds a caller acts on, wherever in the causes the driver's error is. */
class PostgresFailuresTest {

  @Test
  void sqlStates_mapToKinds() {
    assertEquals(Kind.FULL, PostgresFailures.kind("53100"));
    assertEquals(Kind.BUSY, PostgresFailures.kind("40001"));
    assertEquals(Kind.BUSY, PostgresFailures.kind("40P01"));
    assertEquals(Kind.BUSY, PostgresFailures.kind("55P03"));
    assertEquals(Kind.BUSY, PostgresFailures.kind("53300"));
    assertEquals(Kind.CORRUPT, PostgresFailures.kind("XX001"));
    assertEquals(Kind.IO, PostgresFailures.kind("08001"));
    assertEquals(Kind.IO, PostgresFailures.kind("57P01"));
    assertEquals(Kind.IO, PostgresFailures.kind("42501"));
  }

  @Test
  void aPoolTimeout_isBusyWithoutAFailureOfItsOwn_andTheConnectionFailureItCarriesOtherwise() {
    assertEquals(Kind.BUSY, PostgresFailures.kind(new SQLTransientConnectionException("timed out")));
    assertEquals(Kind.IO, PostgresFailures.kind(new SQLTransientConnectionException("timed out", null,
        new SQLException("Connection refused", "08001"))));
  }

  @Test
  void onlyDeadlocksAndSerializationFailures_areRunAgain() {
    assertTrue(PostgresFailures.isRetryable(new SQLException("deadlock", "40P01")));
    assertTrue(PostgresFailures.isRetryable(new SQLException("serialization", "40001")));
    assertFalse(PostgresFailures.isRetryable(new SQLException("disk full", "53100")));
  }

  @Test
  void aFailure_namesTheOperationNamespaceAndTheServersWords_withThePasswordMasked() {
    SQLException refused = new SQLException("pool timed out", "08001",
        new SQLException("password authentication failed; sent hunter2"));

    StorageException failure = PostgresFailures.failure("read a row", "ns", refused, "hunter2");

    assertEquals("Cannot read a row in namespace \"ns\": pool timed out (password authentication failed; sent ***)",
        failure.getMessage());
    assertEquals(Kind.IO, failure.kind());
  }
}
