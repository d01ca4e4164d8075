package dev.athena.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** VmRSS and VmHWM (the peak) of a process in MB, from /proc. */
record ResidentMemory(double residentMb, double peakMb) {

    static ResidentMemory of(long pid) {
        try {
            double rss = Double.NaN;
            double hwm = Double.NaN;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line) / 1024.0;
                }
            }
            return new ResidentMemory(rss, hwm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resident memory of process " + pid, e);
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
