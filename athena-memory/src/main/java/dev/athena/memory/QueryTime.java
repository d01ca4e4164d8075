package dev.athena.memory;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a recall query names, read from its words: an explicit date ("May 7, 2023", "2023-05-07"), a month ("in May
 * 2023", "March of 2024"), a season or a holiday of a year ("the summer of 2024", "Christmas 2023", "New Year's Eve
 * 2023"), a year ("in 2023"), or a phrase relative to the reference instant ("yesterday", "last week", "three months
 * ago").
 *
 * <p>People speak of events a little after they happen ("I ran it last Sunday"), so each window reaches a few days past
 * what it names. Days are UTC days. The first expression found wins; a query naming no time has none.
 */
record QueryTime(Instant from, Instant until, String expression) {

    /** Days a window is widened at its end: the conversation about an event often comes days later. */
    static final int TRAILING_DAYS = 7;

    private static final String MONTHS =
            "january|february|march|april|may|june|july|august|september|october|november|december"
                    + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
    private static final String NUMBER_WORDS =
            "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2}";
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern MONTH_DAY_YEAR =
            Pattern.compile("\\b(" + MONTHS + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
    private static final Pattern DAY_MONTH_YEAR =
            Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(" + MONTHS + ")\\.?,?\\s+(\\d{4})\\b");
    private static final Pattern MONTH_YEAR = Pattern.compile("\\b(" + MONTHS + ")\\.?,?\\s+(?:of\\s+)?(\\d{4})\\b");
    private static final Pattern SEASON_YEAR =
            Pattern.compile("\\b(spring|summer|autumn|fall|winter)\\s+(?:of\\s+)?(\\d{4})\\b");
    private static final Pattern HOLIDAY_YEAR =
            Pattern.compile("\\b(new year'?s eve|new year'?s day|christmas eve|christmas|halloween|valentine'?s "
                    + "day)\\s+(?:of\\s+)?(\\d{4})\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(?:in|during|of|since|throughout)\\s+(\\d{4})\\b");
    private static final Pattern AGO =
            Pattern.compile("\\b(" + NUMBER_WORDS + ")\\s+(day|week|month|year)s?\\s+ago\\b");
    private static final Pattern LAST =
            Pattern.compile("\\b(yesterday|today|last night|(?:last|this|past)\\s+(week|weekend|month|year))\\b");

    /** The time {@code query} names, relative phrases read against {@code reference}; empty when it names none. */
    static Optional<QueryTime> read(String query, Instant reference) {
        String text = query.toLowerCase(Locale.ROOT).replace('’', '\'');
        LocalDate today = LocalDate.ofInstant(reference, ZoneOffset.UTC);
        Matcher m;
        if ((m = ISO_DATE.matcher(text)).find()) {
            return day(m.group(), date(m.group(1), m.group(2), m.group(3)));
        }
        if ((m = MONTH_DAY_YEAR.matcher(text)).find()) {
            return day(m.group(), date(m.group(3), month(m.group(1)), m.group(2)));
        }
        if ((m = DAY_MONTH_YEAR.matcher(text)).find()) {
            return day(m.group(), date(m.group(3), month(m.group(2)), m.group(1)));
        }
        if ((m = HOLIDAY_YEAR.matcher(text)).find()) {
            return holiday(m.group(), m.group(1), Integer.parseInt(m.group(2)));
        }
        if ((m = MONTH_YEAR.matcher(text)).find()) {
            LocalDate first = LocalDate.of(Integer.parseInt(m.group(2)), Integer.parseInt(month(m.group(1))), 1);
            return window(m.group(), first, first.plusMonths(1));
        }
        if ((m = SEASON_YEAR.matcher(text)).find()) {
            return season(m.group(), m.group(1), Integer.parseInt(m.group(2)));
        }
        if ((m = YEAR.matcher(text)).find()) {
            int year = Integer.parseInt(m.group(1));
            return year < 1900 || year > 2200
                    ? Optional.empty()
                    : window(m.group(), LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1));
        }
        if ((m = AGO.matcher(text)).find()) {
            return ago(m.group(), count(m.group(1)), m.group(2), today);
        }
        if ((m = LAST.matcher(text)).find()) {
            return relative(m.group(), m.group(1), today);
        }
        return Optional.empty();
    }

    boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(until);
    }

    private static Optional<QueryTime> day(String expression, Optional<LocalDate> day) {
        return day.flatMap(d -> window(expression, d.minusDays(1), d.plusDays(1)));
    }

    private static Optional<QueryTime> holiday(String expression, String name, int year) {
        LocalDate day = switch (name.replace("'", "")) {
            case "new years eve" -> LocalDate.of(year, 12, 31);
            case "new years day" -> LocalDate.of(year, 1, 1);
            case "christmas eve" -> LocalDate.of(year, 12, 24);
            case "christmas" -> LocalDate.of(year, 12, 25);
            case "halloween" -> LocalDate.of(year, 10, 31);
            default -> LocalDate.of(year, 2, 14);
        };
        return day(expression, Optional.of(day));
    }

    private static Optional<QueryTime> season(String expression, String season, int year) {
        // Northern-hemisphere meteorological seasons; winter YEAR is December YEAR to February YEAR+1.
        LocalDate start = switch (season) {
            case "spring" -> LocalDate.of(year, 3, 1);
            case "summer" -> LocalDate.of(year, 6, 1);
            case "autumn", "fall" -> LocalDate.of(year, 9, 1);
            default -> LocalDate.of(year, 12, 1);
        };
        return window(expression, start, start.plusMonths(3));
    }

    private static Optional<QueryTime> ago(String expression, int count, String unit, LocalDate today) {
        LocalDate center = switch (unit) {
            case "day" -> today.minusDays(count);
            case "week" -> today.minusWeeks(count);
            case "month" -> today.minusMonths(count);
            default -> today.minusYears(count);
        };
        // "Three weeks ago" is loose: a week either side for weeks, a month for months and years.
        long slack = switch (unit) {
            case "day" -> 1;
            case "week" -> 7;
            default -> 31;
        };
        return window(expression, center.minusDays(slack), center.plusDays(slack));
    }

    private static Optional<QueryTime> relative(String expression, String phrase, LocalDate today) {
        return switch (phrase.replaceAll("\\s+", " ")) {
            case "yesterday", "last night" -> window(expression, today.minusDays(1), today);
            case "today" -> window(expression, today, today.plusDays(1));
            case "last week", "past week" ->
                window(
                        expression,
                        today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                                .minusWeeks(1),
                        today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            case "this week" ->
                window(expression, today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), today.plusDays(1));
            case "last weekend", "past weekend", "this weekend" -> {
                LocalDate saturday = today.with(TemporalAdjusters.previous(DayOfWeek.SATURDAY));
                yield window(expression, saturday, saturday.plusDays(2));
            }
            case "last month", "past month" ->
                window(expression, today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1));
            case "this month" -> window(expression, today.withDayOfMonth(1), today.plusDays(1));
            case "last year", "past year" ->
                window(expression, today.withDayOfYear(1).minusYears(1), today.withDayOfYear(1));
            case "this year" -> window(expression, today.withDayOfYear(1), today.plusDays(1));
            default -> Optional.empty();
        };
    }

    private static Optional<QueryTime> window(String expression, LocalDate from, LocalDate until) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = until.plusDays(TRAILING_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Optional.of(new QueryTime(start, end, expression));
    }

    private static Optional<LocalDate> date(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String month(String name) {
        for (Month month : Month.values()) {
            String full = month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (full.equals(name) || full.startsWith(name) && name.length() >= 3) {
                return Integer.toString(month.getValue());
            }
        }
        throw new IllegalArgumentException("not a month: " + name);
    }

    private static int count(String word) {
        return switch (word) {
            case "a", "an", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            case "seven" -> 7;
            case "eight" -> 8;
            case "nine" -> 9;
            case "ten" -> 10;
            case "eleven" -> 11;
            case "twelve" -> 12;
            default -> Integer.parseInt(word);
        };
    }

    @Override
    public String toString() {
        return "'" + expression + "' = [" + from.truncatedTo(ChronoUnit.DAYS) + ", "
                + until.truncatedTo(ChronoUnit.DAYS) + ")";
    }
}
