package io.cachet.store.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Wraps SQLite connections so that chosen statements fail, without running, with the error SQLite would
 * report for a full disk, an I/O error or another process's lock: the SQL-level faults that the store's
 * own transaction handling (BEGIN, COMMIT, ROLLBACK) must survive.
 */
final class FailingConnections implements UnaryOperator<Connection> {
  private static final Set<String> EXECUTIONS = Set.of("execute", "executeUpdate", "executeQuery",
      "executeLargeUpdate");

  private record Rule(String sqlPrefix, SQLiteErrorCode code, int[] remaining) {}

  private final List<Rule> rules = new ArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  /** The next {@code times} executions of statements starting with {@code sqlPrefix} fail with {@code code}. */
  synchronized FailingConnections fail(String sqlPrefix, SQLiteErrorCode code, int times) {
    rules.add(new Rule(sqlPrefix, code, new int[] {times}));
    return this;
  }

  int injected() {
    return injected.get();
  }

  @Override
  public Connection apply(Connection connection) {
    return proxy(Connection.class, connection, (method, args) -> {
      Object result = method.invoke(connection, args);
      if (result instanceof PreparedStatement statement && "prepareStatement".equals(method.getName())) {
        String sql = (String) args[0];
        return proxy(PreparedStatement.class, statement, (statementMethod, statementArgs) -> {
          if (EXECUTIONS.contains(statementMethod.getName())) {
            failIfArmed(sql);
          }
          return statementMethod.invoke(statement, statementArgs);
        });
      }
      return result;
    });
  }

  private synchronized void failIfArmed(String sql) throws SQLiteException {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule rule = it.next();
      if (sql.startsWith(rule.sqlPrefix)) {
        if (--rule.remaining[0] <= 0) {
          it.remove();
        }
        injected.incrementAndGet();
        throw new SQLiteException("[" + rule.code.name() + "] " + rule.code.message + " (injected into " + sql
            + ")", rule.code);
      }
    }
  }

  /** A call that may throw what the real call throws. */
  @FunctionalInterface
  private interface Call {
    Object invoke(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Call call) {
    InvocationHandler handler = (proxy, method, args) -> {
      try {
        return call.invoke(method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(FailingConnections.class.getClassLoader(), new Class<?>[] {type},
        handler));
  }
}
