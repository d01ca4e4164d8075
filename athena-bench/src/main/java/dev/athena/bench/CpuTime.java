package dev.athena.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time used by Athena, by the PostgreSQL backends of the benchmark database and by this generator, from /proc
 * (clock ticks of 1/100 s). On a machine shared with other work, CPU per request is the number that does not depend on
 * what else runs. Without an Athena pid or a database name those parts stay zero.
 */
record CpuTime(double athenaMs, double postgresMs, double clientMs, Map<String, Long> backendTicks) {

    private static final double MS_PER_TICK = 10.0;

    /**
     * Where to read: the pids of Athena's processes, added up (several gateways on one database; none: not counted),
     * and the database whose backends count (null: none).
     */
    record Probe(List<Long> athenaPids, String database) {

        /** One Athena process (0: none). */
        Probe(long athenaPid, String database) {
            this(athenaPid > 0 ? List.of(athenaPid) : List.of(), database);
        }

        CpuTime now() {
            return CpuTime.now(athenaPids, database);
        }
    }

    static CpuTime now(List<Long> athenaPids, String database) {
        Map<String, Long> backends = database == null ? Map.of() : backendTicks(database);
        double athena = 0;
        for (long athenaPid : athenaPids) {
            try {
                athena += ticks(Path.of("/proc/" + athenaPid));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        OperatingSystemMXBean thisProcess = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double client = thisProcess.getProcessCpuTime() / 1e6;
        long postgres = backends.values().stream().mapToLong(Long::longValue).sum();
        return new CpuTime(athena * MS_PER_TICK, postgres * MS_PER_TICK, client, backends);
    }

    /**
     * The CPU used since {@code before}. PostgreSQL's is counted per backend: one that the pool closed in between
     * (Hikari recycles connections every 30 minutes) takes its ticks with it, and a plain difference of the sums went
     * negative in long runs; such a backend's last ticks are not counted, a new one counts from zero.
     */
    CpuTime minus(CpuTime before) {
        long postgres = 0;
        for (Map.Entry<String, Long> backend : backendTicks.entrySet()) {
            postgres += backend.getValue() - before.backendTicks.getOrDefault(backend.getKey(), 0L);
        }
        return new CpuTime(athenaMs - before.athenaMs, postgres * MS_PER_TICK, clientMs - before.clientMs, Map.of());
    }

    private static Map<String, Long> backendTicks(String database) {
        Map<String, Long> backends = new HashMap<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String command =
                            Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                    if (command.startsWith("postgres: ") && command.contains(" " + database + " ")) {
                        backends.put(name, ticks(process));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the backend ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return backends;
    }

    /** utime + stime, fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name. */
    private static long ticks(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
