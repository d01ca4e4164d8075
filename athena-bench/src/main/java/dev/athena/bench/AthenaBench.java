package dev.athena.bench;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The command line of the load generator ({@code java -jar athena-bench/target/athena-bench.jar COMMAND ...}; see
 * {@link #USAGE}). Memories and queries come from templates filled with names, numbers and identifiers drawn from a
 * seeded generator: the same seed gives the same corpus and the same queries.
 */
public final class AthenaBench {

    static final String USAGE = """
            usage: athena-bench COMMAND [--option value ...]
              load    --url U --state FILE [--memories 10000] [--batch 500] [--concurrency 2] [--project bench]
                      [--seed 42] [--pid P] [--db NAME]
                      stores N generated memories through remember_batch; records throughput, CPU and Athena's
                      resident memory in the state file
              measure --url U --state FILE [--memories 10000] [--duration 15] [--warmup 5] [--warmup-max 300]
                      [--settle 2] [--batch 500] [--batch-concurrency 2] [--project bench] [--seed 42] [--pid P]
                      [--db NAME] [--json OUT] [--embedder NAME] [--startup-ms MS] [--index-wait SECONDS]
                      waits for Athena's in-process index (at most --index-wait, default --warmup-max; 0: not at all),
                      recall in warm-up rounds of --warmup until Athena's JIT settles (at most --warmup-max), then
                      recall at concurrency 1, 8 and 32, remember at 8, remember_batch at 2, mixed 80/20 at 8;
                      prints the table, writes the JSON; --url A,B --pid PA,PB: gateways on one database, calls
                      taken in turn, Athena's CPU added up
              soak    --url U [--memories 10000] [--minutes 30] [--window 60] [--concurrency 8] [--project bench]
                      [--seed 42] [--pid P] [--db NAME]
                      the mixed 80/20 recall/remember load for a long time, one line a window
              tool-soak [--duration 5m] [--clients 32] [--url U] [--window 60s] ... (tool-soak --help)
                      scripts/soak.sh: six tools in a weighted mix, every answer checked; errors and latency drift
              sample  [--memories 5] [--seed 42]                  prints generated memories and queries
              queries [--memories 10000] [--count 200] [--seed 42]
                      prints the first recall queries of measure, one a line (RecallFloor replays them)
            Times are in seconds (--minutes in minutes); fractions are allowed.
            Exit status: 0 done, 1 a request failed, 2 bad arguments.""";

    private AthenaBench() {}

    public static void main(String[] args) throws Exception {
        // Athena (Tomcat) closes a keep-alive connection idle for 10 s. The JDK client keeps idle connections for 20
        // minutes and may send a request on one just as the server closes it: the request then fails with no answer
        // (seen once between two phases). Idle connections are dropped on this side first. The JDK reads this once,
        // when the first HttpClient is built.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "5");
        }
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) throws Exception {
        try {
            if (args.length == 0) {
                throw new Options.BadArguments("a command is required");
            }
            if (args[0].equals("-h") || args[0].equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (args[0].equals("tool-soak")) {
                return new ToolSoakCommand(out, err, clock).run(args, 1);
            }
            Options options = Options.parse(args, 1);
            return switch (args[0]) {
                case "load" -> new LoadCommand(options, err).run();
                case "measure" -> new MeasureCommand(options, out, err, clock.withZone(ZoneOffset.UTC)).run();
                case "soak" -> new SoakCommand(options, out, err).run();
                case "sample" -> sample(options, out);
                case "queries" -> queries(options, out);
                default -> throw new Options.BadArguments("unknown command '" + args[0] + "'");
            };
        } catch (Options.BadArguments bad) {
            err.println("athena-bench: " + bad.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static int sample(Options options, PrintStream out) {
        Corpus corpus = new Corpus(options.longValue("seed", 42));
        int n = options.positiveInt("memories", 5);
        for (int i = 0; i < n; i++) {
            Corpus.Memory memory = corpus.memory(i);
            out.println(memory.type() + " " + memory.tags() + " " + memory.text());
        }
        for (int i = 0; i < n; i++) {
            out.println("query: " + corpus.query(i, n));
        }
        return 0;
    }

    /** The queries measure's recall phases send first, in order: the database floor (RecallFloor) replays them. */
    private static int queries(Options options, PrintStream out) {
        Corpus corpus = new Corpus(options.longValue("seed", 42));
        int memories = options.positiveInt("memories", 10_000);
        int count = options.intValue("count", 200);
        for (int j = 0; j < count; j++) {
            out.println(corpus.query(j, memories).replace('\n', ' '));
        }
        return 0;
    }
}
