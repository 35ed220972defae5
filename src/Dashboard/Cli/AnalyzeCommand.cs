using System.Buffers;
using System.Text.Json;
using Martin360.Analysis;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Http;

namespace Martin360.Dashboard.Cli;

/// <summary>`martin360 analyze`: offline, no server. Reads trace files, analyses each run, prints the contract.</summary>
public sealed class AnalyzeCommand(TraceFormats formats, TraceEnrichment enrichment, TextWriter output, TextWriter error)
{
    public const int ExitFileErrors = 1;
    public const int ExitFindingsPresent = 3;

    public int Run(IReadOnlyList<string> paths, bool json, IReadOnlySet<FindingKind> failOn)
    {
        var failedFiles = 0;
        var gateHit = false;

        // Files are read and analysed in parallel (a ~/.claude/projects holds hundreds of sessions) and reported in
        // the walker's order, so the output is the same whatever the core count.
        var outcomes = TraceFileWalker.Expand(paths)
            .AsParallel().AsOrdered()
            .WithDegreeOfParallelism(Math.Max(1, Environment.ProcessorCount))
            .Select(file => AnalyzeFile(file, json, failOn));
        foreach (var outcome in outcomes)
        {
            failedFiles += outcome.Failed ? 1 : 0;
            gateHit |= outcome.GateHit;
            foreach (var line in outcome.Output)
            {
                output.WriteLine(line);
            }

            foreach (var line in outcome.Errors)
            {
                error.WriteLine(line);
            }
        }

        return failedFiles > 0 ? ExitFileErrors : gateHit ? ExitFindingsPresent : 0;
    }

    private FileOutcome AnalyzeFile(string file, bool json, IReadOnlySet<FindingKind> failOn)
    {
        var outcome = new FileOutcome();
        AdapterResult result;
        try
        {
            result = ReadFile(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            outcome.Failed = true;
            WriteError(outcome, file, exception.Message, json);
            return outcome;
        }

        if (result.Traces.Count == 0)
        {
            outcome.Failed = true;
            WriteError(outcome, file, result.Issues.Count > 0 ? string.Join("; ", result.Issues.Take(5)) : "no run found in the file", json);
            return outcome;
        }

        foreach (var raw in result.Traces)
        {
            var trace = enrichment.Enrich(raw);
            var analysis = TraceAnalyzer.Analyze(trace);
            outcome.GateHit |= analysis.Findings.Any(f => failOn.Contains(f.Kind));
            var report = ToReport(file, result.Format, trace, analysis);
            if (json)
            {
                outcome.Output.Add(ToJsonLine(report));
            }
            else
            {
                WriteText(outcome.Output, report);
            }
        }

        foreach (var issue in result.Issues.Where(i => i.Level == ImportIssueLevel.Error).Take(20))
        {
            outcome.Errors.Add($"{file}: {issue}");
        }

        return outcome;
    }

    /// <summary>
    /// The file's bytes, read whole into a pooled buffer and handed to the formats as bytes: a Claude Code session is
    /// then read as the UTF-8 it is, never decoded to a string (and encoded back) on the way.
    /// </summary>
    private AdapterResult ReadFile(string file)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);

        // A file that does not know its length (a pipe, /proc) or is too large for one buffer is read as text.
        if (length == 0 || length > Array.MaxLength)
        {
            return formats.Read(file, File.ReadAllText(file));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var count = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            return formats.Read(file, buffer.AsMemory(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One line of `analyze --json`.</summary>
    public static string ToJsonLine(AnalyzeReport report) => JsonSerializer.Serialize(report, AnalyzeJsonContext.Default.AnalyzeReport);

    public static AnalyzeReport ToReport(string source, string format, Trace trace, AnalysisResult analysis)
    {
        var tokens = trace.Run.Tokens.IsZero ? trace.Steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens)) : trace.Run.Tokens;
        return new AnalyzeReport
        {
            Source = source,
            Format = format,
            RunId = trace.Run.Id,
            Agent = trace.Run.AgentName,
            Models = trace.Steps.Select(s => s.Model).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            Steps = trace.Steps.Count,
            Tokens = new AnalyzeTokens(tokens.Input, tokens.Output, tokens.CacheRead, tokens.CacheWrite),
            CostUsd = trace.Run.CostProvenance == CostProvenance.Unknown ? null : trace.Run.CostUsd,
            CostProvenance = trace.Run.CostProvenance.ToWire(),
            Verification = new VerificationView(
                analysis.Verification.ClaimedDone,
                analysis.Verification.VerifierRuns,
                analysis.Verification.LastVerifierPassed,
                analysis.Verification.VerifiedAfterLastEdit),
            Outcome = analysis.Outcome.ToWire(),
            Findings = analysis.Findings.Select(ViewMapper.ToView).ToArray(),
            Recommendations = analysis.Recommendations,
        };
    }

    private static void WriteError(FileOutcome outcome, string file, string message, bool json)
    {
        if (json)
        {
            outcome.Output.Add(JsonSerializer.Serialize(new AnalyzeError(file, message), AnalyzeJsonContext.Default.AnalyzeError));
        }
        else
        {
            outcome.Errors.Add($"{file}: {message}");
        }
    }

    private static void WriteText(List<string> output, AnalyzeReport report)
    {
        var cost = report.CostUsd is { } usd ? $"${usd:0.0000} ({report.CostProvenance})" : "cost unknown";
        output.Add($"{report.Source} [{report.Format}] run {report.RunId}");
        output.Add($"  {report.Agent ?? "agent?"} · {string.Join(", ", report.Models)} · {report.Steps} steps · {report.Tokens.Input + report.Tokens.Output + report.Tokens.CacheRead + report.Tokens.CacheWrite:N0} tokens · {cost}");
        output.Add($"  outcome: {report.Outcome} (claimed done: {report.Verification.ClaimedDone}, verifier runs: {report.Verification.VerifierRuns}, verified after last edit: {report.Verification.VerifiedAfterLastEdit})");
        foreach (var finding in report.Findings)
        {
            output.Add($"  [{finding.Severity}] {finding.Kind}: {finding.Summary} (steps {string.Join(", ", finding.Steps)})");
        }

        foreach (var recommendation in report.Recommendations)
        {
            output.Add($"  → {recommendation}");
        }
    }

    /// <summary>What one file gave: its lines for standard output and standard error, in order.</summary>
    private sealed class FileOutcome
    {
        public List<string> Output { get; } = [];
        public List<string> Errors { get; } = [];
        public bool Failed { get; set; }
        public bool GateHit { get; set; }
    }
}
