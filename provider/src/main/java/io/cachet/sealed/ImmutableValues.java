package io.cachet.sealed;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The classes whose instances no caller can change, so that one instance may be handed to every reader where a
 * copy per read is otherwise required. Exact classes only: a subclass of a non-final one (BigDecimal) may add
 * mutable state.
 */
final class ImmutableValues {
  private static final Set<Class<?>> CLASSES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
      UUID.class, Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class,
      LocalDateTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class, Year.class,
      YearMonth.class, MonthDay.class, ZoneOffset.class);

  private ImmutableValues() {}

  /** Whether the value is of one of those classes. */
  static boolean isImmutable(Object value) {
    return CLASSES.contains(value.getClass()) || value instanceof Enum<?>;
  }
}
