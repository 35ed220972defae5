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

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public int Run(IReadOnlyList<string> paths, bool json, IReadOnlySet<FindingKind> failOn)
    {
        var failedFiles = 0;
        var gateHit = false;
        foreach (var file in TraceFileWalker.Expand(paths))
        {
            AdapterResult result;
            try
            {
                result = formats.Read(file, File.ReadAllText(file));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                failedFiles++;
                WriteError(file, exception.Message, json);
                continue;
            }

            if (result.Traces.Count == 0)
            {
                failedFiles++;
                WriteError(file, result.Issues.Count > 0 ? string.Join("; ", result.Issues.Take(5)) : "no run found in the file", json);
                continue;
            }

            foreach (var raw in result.Traces)
            {
                var trace = enrichment.Enrich(raw);
                var analysis = TraceAnalyzer.Analyze(trace);
                gateHit |= analysis.Findings.Any(f => failOn.Contains(f.Kind));
                var report = ToReport(file, result.Format, trace, analysis);
                if (json)
                {
                    output.WriteLine(JsonSerializer.Serialize(report, s_json));
                }
                else
                {
                    WriteText(report);
                }
            }

            foreach (var issue in result.Issues.Where(i => i.Level == ImportIssueLevel.Error).Take(20))
            {
                error.WriteLine($"{file}: {issue}");
            }
        }

        return failedFiles > 0 ? ExitFileErrors : gateHit ? ExitFindingsPresent : 0;
    }

    public static AnalyzeReport ToReport(string source, string format, Trace trace, AnalysisResult analysis)
    {
        var stepTokens = trace.Steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens));
        var tokens = trace.Run.Tokens.IsZero ? stepTokens : trace.Run.Tokens;
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

    private void WriteError(string file, string message, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new AnalyzeError(file, message), s_json));
        }
        else
        {
            error.WriteLine($"{file}: {message}");
        }
    }

    private void WriteText(AnalyzeReport report)
    {
        var cost = report.CostUsd is { } usd ? $"${usd:0.0000} ({report.CostProvenance})" : "cost unknown";
        output.WriteLine($"{report.Source} [{report.Format}] run {report.RunId}");
        output.WriteLine($"  {report.Agent ?? "agent?"} · {string.Join(", ", report.Models)} · {report.Steps} steps · {report.Tokens.Input + report.Tokens.Output + report.Tokens.CacheRead + report.Tokens.CacheWrite:N0} tokens · {cost}");
        output.WriteLine($"  outcome: {report.Outcome} (claimed done: {report.Verification.ClaimedDone}, verifier runs: {report.Verification.VerifierRuns}, verified after last edit: {report.Verification.VerifiedAfterLastEdit})");
        foreach (var finding in report.Findings)
        {
            output.WriteLine($"  [{finding.Severity}] {finding.Kind}: {finding.Summary} (steps {string.Join(", ", finding.Steps)})");
        }

        foreach (var recommendation in report.Recommendations)
        {
            output.WriteLine($"  → {recommendation}");
        }
    }
}
