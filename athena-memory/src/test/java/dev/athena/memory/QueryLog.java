package dev.athena.memory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Logs every query the application runs through its {@link DataSource}, JdbcTemplate and JPA alike, with the SQL types
 * of the columns it returned: a test can then tell what was read, whatever the SQL spelled ({@code m.*} included).
 */
final class QueryLog implements BeanPostProcessor {

    /** One query: its SQL and the type names of its result columns, in order ({@code vector} for a pgvector column). */
    record Query(String sql, List<String> columnTypes) {}

    private final List<Query> queries = new CopyOnWriteArrayList<>();

    List<Query> queries() {
        return List.copyOf(queries);
    }

    void clear() {
        queries.clear();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof Logging) ? new Logging(dataSource) : bean;
    }

    private final class Logging extends DelegatingDataSource {

        Logging(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return logging(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return logging(super.getConnection(username, password));
        }
    }

    private Connection logging(Connection connection) {
        return proxy(
                Connection.class,
                connection,
                (method, result, args) -> method.getName().equals("prepareStatement")
                        ? logging((PreparedStatement) result, (String) args[0])
                        : result);
    }

    private PreparedStatement logging(PreparedStatement statement, String sql) {
        return proxy(PreparedStatement.class, statement, (method, result, args) -> {
            boolean query =
                    method.getName().equals("executeQuery") || method.getName().equals("getResultSet");
            if (query && result instanceof ResultSet rs) {
                queries.add(new Query(sql, columnTypes(rs.getMetaData())));
            }
            return result;
        });
    }

    private static List<String> columnTypes(ResultSetMetaData metadata) throws SQLException {
        List<String> types = new ArrayList<>(metadata.getColumnCount());
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            types.add(metadata.getColumnTypeName(i));
        }
        return types;
    }

    /** What a proxy does with the target's result of a call before handing it over. */
    private interface Results {
        Object handle(Method method, Object result, Object[] args) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, T target, Results results) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                return results.handle(method, method.invoke(target, args), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
