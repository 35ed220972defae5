using System.Globalization;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Verifiers;

/// <summary>
/// Reads the summary lines test runners print. Each reader looks only for its own runner's closing lines,
/// so any agent's captured output (raw, prefixed, ANSI-coloured) can be read.
/// </summary>
internal static partial class VerifierOutput
{
    private delegate VerifierResult? Reader(string output);

    // Most specific summaries first: a tox or make run prints the inner runner's summary.
    private static readonly Reader[] s_readers =
    [
        ReadPytest, ReadCargo, ReadDotnet, ReadJest, ReadVitest, ReadMocha, ReadSurefire, ReadGradle, ReadGo, ReadUnittest,
    ];

    /// <summary>The first runner summary found in the output, or null.</summary>
    public static VerifierResult? Read(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return null;
        }

        var text = output.Contains('\u001b') ? Ansi().Replace(output, "") : output;
        foreach (var reader in s_readers)
        {
            if (reader(text) is { } result)
            {
                return result;
            }
        }

        return null;
    }

    /// <summary>A Python traceback or an uncaught exception: a script that died.</summary>
    /// <summary>
    /// A build's, type check's or lint's verdict from its output alone (for traces without exit codes):
    /// false on a compiler or linter error line, true on a closing success line, else null.
    /// </summary>
    public static bool? BuildVerdict(string output)
    {
        if (BuildError().IsMatch(output))
        {
            return false;
        }

        return BuildSuccess().IsMatch(output) ? true : null;
    }

    /// <summary>A line that starts by saying the check failed ("FAIL", "FAILED:", "ERROR: ...", "Assertion failed").</summary>
    public static bool SaysFailed(string output) => FailLine().IsMatch(output);

    public static bool HasTraceback(string? output) =>
        output is not null && (output.Contains("Traceback (most recent call last)", StringComparison.Ordinal) || UncaughtError().IsMatch(output));

    private static VerifierResult? ReadPytest(string text)
    {
        if (!text.Contains(" in ", StringComparison.Ordinal))
        {
            return null;
        }

        Match? last = null;
        foreach (Match match in PytestSummary().Matches(text))
        {
            last = match;
        }

        if (last is null)
        {
            return null;
        }

        int passed = 0, failed = 0, skipped = 0;
        foreach (Match part in PytestCount().Matches(last.Groups["counts"].Value))
        {
            var n = Int(part.Groups[1].Value);
            switch (part.Groups[2].Value)
            {
                case "passed" or "xpassed":
                    passed += n;
                    break;
                case "failed" or "error" or "errors":
                    failed += n;
                    break;
                case "skipped" or "xfailed":
                    skipped += n;
                    break;
            }
        }

        var names = Names(PytestFailed().Matches(text), "name");
        return Result("pytest", passed, failed, skipped, failed == 0 && passed > 0, names);
    }

    private static VerifierResult? ReadUnittest(string text)
    {
        var ran = UnittestRan().Matches(text);
        if (ran.Count == 0)
        {
            return null;
        }

        var total = Int(ran[^1].Groups[1].Value);
        var after = text[ran[^1].Index..];
        var verdict = UnittestVerdict().Match(after);
        if (!verdict.Success)
        {
            return Result("unittest", null, null, null, null, []);
        }

        int failures = 0, errors = 0, skipped = 0;
        foreach (Match part in UnittestCount().Matches(verdict.Groups["detail"].Value))
        {
            var n = Int(part.Groups[2].Value);
            switch (part.Groups[1].Value)
            {
                case "failures":
                    failures += n;
                    break;
                case "errors":
                    errors += n;
                    break;
                case "skipped":
                    skipped += n;
                    break;
            }
        }

        var failed = failures + errors;
        var names = new List<string>();
        foreach (Match match in UnittestFailed().Matches(text))
        {
            var method = match.Groups["method"].Value;
            var owner = match.Groups["owner"].Value;
            names.Add(owner.Length > 0 ? owner + "." + method : method);
        }

        var success = verdict.Groups["ok"].Success;
        return Result("unittest", Math.Max(0, total - failed - skipped), failed, skipped, success && failed == 0, names);
    }

    private static VerifierResult? ReadJest(string text)
    {
        var summary = JestTests().Matches(text);
        if (summary.Count == 0)
        {
            return null;
        }

        var counts = Counts(summary[^1].Groups["counts"].Value, JestCount());
        var names = Names(JestFailed().Matches(text), "name").Where(n => !n.StartsWith("Console", StringComparison.Ordinal)).ToList();
        return Result("jest", counts.Passed, counts.Failed, counts.Skipped, counts.Failed == 0 && counts.Passed > 0, names);
    }

    private static VerifierResult? ReadVitest(string text)
    {
        var summary = VitestTests().Matches(text);
        if (summary.Count == 0)
        {
            return null;
        }

        var counts = Counts(summary[^1].Groups["counts"].Value, JestCount());
        var names = Names(VitestFailed().Matches(text), "name");
        return Result("vitest", counts.Passed, counts.Failed, counts.Skipped, counts.Failed == 0 && counts.Passed > 0, names);
    }

    private static VerifierResult? ReadMocha(string text)
    {
        var passing = MochaPassing().Match(text);
        if (!passing.Success)
        {
            return null;
        }

        var failing = MochaFailing().Match(text);
        var pending = MochaPending().Match(text);
        var failed = failing.Success ? Int(failing.Groups[1].Value) : 0;
        var names = failing.Success ? Names(MochaFailedTitle().Matches(text[failing.Index..]), "name") : [];
        return Result("mocha", Int(passing.Groups[1].Value), failed, pending.Success ? Int(pending.Groups[1].Value) : 0, failed == 0, names);
    }

    private static VerifierResult? ReadGo(string text)
    {
        var fails = GoFail().Matches(text);
        var passes = GoPass().Matches(text).Count;
        var skips = GoSkip().Matches(text).Count;
        var okPackages = GoOkPackage().Matches(text).Count;
        var failPackages = GoFailPackage().Matches(text).Count;
        if (fails.Count == 0 && passes == 0 && okPackages == 0 && failPackages == 0)
        {
            return null;
        }

        var names = Names(fails, "name");
        var failed = fails.Count > 0 ? fails.Count : (int?)(failPackages > 0 ? null : 0);
        var success = fails.Count == 0 && failPackages == 0;
        return Result("go test", passes > 0 ? passes : null, failed, skips, success, names);
    }

    private static VerifierResult? ReadCargo(string text)
    {
        var results = CargoResult().Matches(text);
        if (results.Count == 0)
        {
            return null;
        }

        int passed = 0, failed = 0, ignored = 0;
        var ok = true;
        foreach (Match match in results)
        {
            ok &= match.Groups["verdict"].Value == "ok";
            passed += Int(match.Groups["passed"].Value);
            failed += Int(match.Groups["failed"].Value);
            ignored += Int(match.Groups["ignored"].Value);
        }

        return Result("cargo test", passed, failed, ignored, ok && failed == 0, Names(CargoFailed().Matches(text), "name"));
    }

    private static VerifierResult? ReadDotnet(string text)
    {
        int passed = 0, failed = 0, skipped = 0;
        var found = false;
        foreach (Match match in DotnetSummary().Matches(text))
        {
            found = true;
            passed += Int(match.Groups["passed"].Value);
            failed += Int(match.Groups["failed"].Value);
            skipped += Int(match.Groups["skipped"].Value);
        }

        if (!found)
        {
            // The .NET 8+ terminal logger and the VSTest console print a different closing block.
            var summary = DotnetTestSummary().Match(text);
            if (!summary.Success)
            {
                return null;
            }

            passed = Int(summary.Groups["passed"].Value);
            failed = Int(summary.Groups["failed"].Value);
            skipped = Int(summary.Groups["skipped"].Value);
        }

        return Result("dotnet test", passed, failed, skipped, failed == 0 && passed > 0, Names(DotnetFailed().Matches(text), "name"));
    }

    private static VerifierResult? ReadSurefire(string text)
    {
        Match? total = null;
        int run = 0, failed = 0, skipped = 0;
        var perClass = 0;
        foreach (Match match in SurefireCounts().Matches(text))
        {
            if (match.Groups["elapsed"].Success)
            {
                // Per-class lines; only summed when no closing total follows.
                perClass++;
                run += Int(match.Groups["run"].Value);
                failed += Int(match.Groups["failures"].Value) + Int(match.Groups["errors"].Value);
                skipped += Int(match.Groups["skipped"].Value);
            }
            else
            {
                total = match;
            }
        }

        if (total is not null)
        {
            run = Int(total.Groups["run"].Value);
            failed = Int(total.Groups["failures"].Value) + Int(total.Groups["errors"].Value);
            skipped = Int(total.Groups["skipped"].Value);
        }
        else if (perClass == 0)
        {
            return null;
        }

        var buildFailed = text.Contains("BUILD FAILURE", StringComparison.Ordinal);
        var names = Names(SurefireFailed().Matches(text), "name");
        return Result("maven", Math.Max(0, run - failed - skipped), failed, skipped, failed == 0 && !buildFailed && run > 0, names);
    }

    private static VerifierResult? ReadGradle(string text)
    {
        var summary = GradleSummary().Match(text);
        var names = Names(GradleFailed().Matches(text), "name");
        var buildFailed = text.Contains("BUILD FAILED", StringComparison.Ordinal);
        var buildOk = text.Contains("BUILD SUCCESSFUL", StringComparison.Ordinal);
        if (!summary.Success)
        {
            return names.Count > 0 ? Result("gradle", null, names.Count, null, false, names) : null;
        }

        var total = Int(summary.Groups["total"].Value);
        var failed = Int(summary.Groups["failed"].Value);
        var skipped = Int(summary.Groups["skipped"].Value);
        return Result("gradle", Math.Max(0, total - failed - skipped), failed, skipped, failed == 0 && !buildFailed && (buildOk || total > 0), names);
    }

    private static (int Passed, int Failed, int Skipped) Counts(string counts, Regex part)
    {
        int passed = 0, failed = 0, skipped = 0;
        foreach (Match match in part.Matches(counts))
        {
            var n = Int(match.Groups[1].Value);
            switch (match.Groups[2].Value)
            {
                case "passed":
                    passed += n;
                    break;
                case "failed":
                    failed += n;
                    break;
                case "skipped" or "todo" or "pending":
                    skipped += n;
                    break;
            }
        }

        return (passed, failed, skipped);
    }

    private static VerifierResult Result(string framework, int? passed, int? failed, int? skipped, bool? success, IReadOnlyList<string> names) => new()
    {
        Framework = framework,
        Passed = passed,
        Failed = failed,
        Skipped = skipped,
        Success = success,
        FailingTests = names.Distinct(StringComparer.Ordinal).Take(VerifierRecognizer.MaxFailingTests).ToArray(),
    };

    private static List<string> Names(MatchCollection matches, string group)
    {
        var names = new List<string>();
        foreach (Match match in matches)
        {
            var name = match.Groups[group].Value.Trim();
            if (name.Length > 0)
            {
                names.Add(name.Length > 300 ? name[..300] : name);
            }

            // Enough to keep the distinct first ones without walking a huge output.
            if (names.Count >= VerifierRecognizer.MaxFailingTests * 4)
            {
                break;
            }
        }

        return names;
    }

    private static int Int(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private const RegexOptions Lines = RegexOptions.Multiline | RegexOptions.CultureInvariant;

    // tsc "error TS2307:", rustc "error[E0425]" / "error: could not compile", gcc/clang/go "file:1:2: error:", next
    // "Build error occurred" / "Failed to compile", make "make: *** [...] Error 2", eslint "✖ 3 problems", npm "npm ERR!".
    [GeneratedRegex(@"error TS\d+:|^error(?:\[E\d+\])?: |:\d+(?::\d+)?: (?:fatal )?error|Build error occurred|Failed to compile|Build FAILED|^make(?:\[\d+\])?: \*\*\* |✖ \d+ problems?|^npm ERR!|^Found \d+ errors?\b|\berror: Recipe `", Lines)]
    private static partial Regex BuildError();

    [GeneratedRegex(@"^[ \t>*-]*(?:FAIL(?:ED|URE)?\b|ERROR\b|Error:|Assertion ?(?:Error|failed)|Test failed|Tests failed)", Lines | RegexOptions.IgnoreCase)]
    private static partial Regex FailLine();

    [GeneratedRegex(@"Compiled successfully|Build succeeded|^\s*Finished `?\w+`? profile|^Success: no issues found|^All checks passed!|✓ Compiled", Lines)]
    private static partial Regex BuildSuccess();

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^[ \t]*(?:[A-Za-z_][\w.]*(?:Error|Exception)|panic): ", Lines)]
    private static partial Regex UncaughtError();

    // "==== 3 failed, 10 passed, 2 warnings in 1.23s ====" or, with -q, the same without the rules.
    [GeneratedRegex(@"^[ \t>]*=*[ \t]*(?<counts>\d+ (?:failed|passed|skipped|errors?|xfailed|xpassed|warnings?|deselected|rerun)(?:, \d+ (?:failed|passed|skipped|errors?|xfailed|xpassed|warnings?|deselected|rerun))*) in [\d.]+s\b", Lines)]
    private static partial Regex PytestSummary();

    [GeneratedRegex(@"(\d+) (failed|passed|skipped|errors?|xfailed|xpassed)\b")]
    private static partial Regex PytestCount();

    [GeneratedRegex(@"^[ \t>]*(?:FAILED|ERROR) (?<name>[^\s]+::[^\s]+)", Lines)]
    private static partial Regex PytestFailed();

    [GeneratedRegex(@"^[ \t>]*Ran (\d+) tests? in ", Lines)]
    private static partial Regex UnittestRan();

    [GeneratedRegex(@"^[ \t>]*(?:(?<ok>OK)|FAILED)(?: \((?<detail>[^)]*)\))?[ \t]*\r?$", Lines)]
    private static partial Regex UnittestVerdict();

    [GeneratedRegex(@"(failures|errors|skipped|expected failures|unexpected successes)=(\d+)")]
    private static partial Regex UnittestCount();

    // "FAIL: test_x (module.Class)" and Python 3.11+ "FAIL: test_x (module.Class.test_x)".
    [GeneratedRegex(@"^[ \t>]*(?:FAIL|ERROR): (?<method>\w+) \((?<owner>[\w.]*?)(?:\.\k<method>)?\)", Lines)]
    private static partial Regex UnittestFailed();

    [GeneratedRegex(@"^[ \t>]*Tests:[ \t]+(?<counts>(?:\d+ \w+, )*\d+ total)", Lines)]
    private static partial Regex JestTests();

    [GeneratedRegex(@"(\d+) (failed|passed|skipped|todo|pending)\b")]
    private static partial Regex JestCount();

    [GeneratedRegex(@"^[ \t>]*● (?<name>.+?)[ \t]*\r?$", Lines)]
    private static partial Regex JestFailed();

    [GeneratedRegex(@"^[ \t>]*Tests[ \t]+(?<counts>\d+ \w+(?: \| \d+ \w+)*) \(\d+\)", Lines)]
    private static partial Regex VitestTests();

    [GeneratedRegex(@"^[ \t>]*(?:FAIL|×|✗)[ \t]+(?<name>\S.*?\S)(?:[ \t]+\d+m?s)?[ \t]*\r?$", Lines)]
    private static partial Regex VitestFailed();

    [GeneratedRegex(@"^[ \t>]*(\d+) passing \(", Lines)]
    private static partial Regex MochaPassing();

    [GeneratedRegex(@"^[ \t>]*(\d+) failing[ \t]*\r?$", Lines)]
    private static partial Regex MochaFailing();

    [GeneratedRegex(@"^[ \t>]*(\d+) pending[ \t]*\r?$", Lines)]
    private static partial Regex MochaPending();

    [GeneratedRegex(@"^[ \t]+\d+\) (?<name>.+?):?[ \t]*\r?$", Lines)]
    private static partial Regex MochaFailedTitle();

    [GeneratedRegex(@"^[ \t>]*--- FAIL: (?<name>\S+)", Lines)]
    private static partial Regex GoFail();

    [GeneratedRegex(@"^[ \t>]*--- PASS: ", Lines)]
    private static partial Regex GoPass();

    [GeneratedRegex(@"^[ \t>]*--- SKIP: ", Lines)]
    private static partial Regex GoSkip();

    [GeneratedRegex(@"^ok[ \t]+\S+[ \t]+(?:[\d.]+s|\(cached\))", Lines)]
    private static partial Regex GoOkPackage();

    [GeneratedRegex(@"^FAIL[ \t]+\S+[ \t]+[\d.]+s", Lines)]
    private static partial Regex GoFailPackage();

    [GeneratedRegex(@"test result: (?<verdict>ok|FAILED)\. (?<passed>\d+) passed; (?<failed>\d+) failed; (?<ignored>\d+) ignored")]
    private static partial Regex CargoResult();

    [GeneratedRegex(@"^[ \t>]*test (?<name>\S+) \.\.\. FAILED", Lines)]
    private static partial Regex CargoFailed();

    // "Failed!  - Failed:     1, Passed:     4, Skipped:     0, Total:     5" (and "Passed!  - ...").
    [GeneratedRegex(@"(?:Failed|Passed)!\s+-\s+Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+(?<skipped>\d+)")]
    private static partial Regex DotnetSummary();

    [GeneratedRegex(@"(?:Test summary: total: \d+, failed: (?<failed>\d+), succeeded: (?<passed>\d+), skipped: (?<skipped>\d+))|(?:Total tests: \d+\s+Passed: (?<passed>\d+)(?:\s+Failed: (?<failed>\d+))?(?:\s+Skipped: (?<skipped>\d+))?)")]
    private static partial Regex DotnetTestSummary();

    [GeneratedRegex(@"^[ \t>]*(?:Failed|failed) (?<name>[\w.`+<>,]+(?:\([^)]*\))?) \[", Lines)]
    private static partial Regex DotnetFailed();

    [GeneratedRegex(@"Tests run: (?<run>\d+), Failures: (?<failures>\d+), Errors: (?<errors>\d+), Skipped: (?<skipped>\d+)(?<elapsed>, Time elapsed)?")]
    private static partial Regex SurefireCounts();

    [GeneratedRegex(@"^(?:\[ERROR\][ \t]+)?(?<name>[\w.$]+(?:\([\w.$]+\))?)[ \t]+Time elapsed:.*<<< (?:FAILURE|ERROR)!", Lines)]
    private static partial Regex SurefireFailed();

    [GeneratedRegex(@"(?<total>\d+) tests? completed, (?<failed>\d+) failed(?:, (?<skipped>\d+) skipped)?")]
    private static partial Regex GradleSummary();

    [GeneratedRegex(@"^[ \t>]*(?<name>[\w.$]+ > .+?) FAILED[ \t]*\r?$", Lines)]
    private static partial Regex GradleFailed();
}
