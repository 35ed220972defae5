using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Pricing;

/// <summary>
/// Our Claude Code import plus cost computation against ccusage, the reference tool for Claude Code token
/// cost, run offline on the same files: per session, input, output, cache-read and cache-write tokens and the
/// cost agree within 1%. ccusage is installed from npm into tests/.cache (ignored by git) once; without npm or a
/// registry the test fails and says so, it never passes silently.
/// </summary>
public sealed class CcusageAgreementTests
{
    private const double Tolerance = 0.01;

    // The Claude Code session files of ../shared/traces/claude-code, with the project folder ccusage sees them in.
    // (ccusage_statusline-test.json is a statusline hook snapshot, not a session file: ccusage reads only .jsonl.)
    private static readonly (string File, string Project)[] s_sessions =
    [
        ("1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl", "sample-project"),
        ("5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl", "sample-project"),
        ("agent-test-hash-123.jsonl", "sample-project"),
        ("fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl", "sample-project"),
        ("ccusage_claude_chat.jsonl", "project-alpha"),
        ("claude-code-log_representative_messages.jsonl", "claude-code-log"),
    ];

    [Fact]
    public void ClaudeCodeSamples_TotalsPerSession_MatchCcusageWithinOnePercent()
    {
        _ = Ccusage.Directory;
        var config = Directory.CreateTempSubdirectory("martin360-ccusage-");
        try
        {
            foreach (var (file, project) in s_sessions)
            {
                var folder = Directory.CreateDirectory(Path.Combine(config.FullName, "projects", project));
                File.WriteAllText(Path.Combine(folder.FullName, file), Ccusage.Compact(TraceFiles.Read("claude-code/" + file)));
            }

            var reported = RunCcusage(config.FullName);
            var formats = TraceFormats.CreateDefault();
            var failures = new List<string>();
            foreach (var (file, _) in s_sessions)
            {
                var session = Path.GetFileNameWithoutExtension(file);
                if (!reported.TryGetValue(session, out var theirs))
                {
                    failures.Add($"{session}: ccusage did not report this session (it reported: {string.Join(", ", reported.Keys)})");
                    continue;
                }

                var run = Assert.Single(formats.ReadEnriched(file, TraceFiles.Read("claude-code/" + file)).Traces).Run;
                Compare(failures, session, "input tokens", run.Tokens.Input, theirs.Input);
                Compare(failures, session, "output tokens", run.Tokens.Output, theirs.Output);
                Compare(failures, session, "cache-read tokens", run.Tokens.CacheRead, theirs.CacheRead);
                Compare(failures, session, "cache-write tokens", run.Tokens.CacheWrite, theirs.CacheWrite);
                if (run.CostUsd is not { } cost)
                {
                    failures.Add($"{session}: our cost is unknown ({run.CostProvenance}), ccusage says {theirs.Cost}");
                }
                else
                {
                    Compare(failures, session, "cost USD", (double)cost, theirs.Cost);
                }
            }

            Assert.True(failures.Count == 0, "Disagreements with ccusage " + Ccusage.Version + ":\n" + string.Join("\n", failures));
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }

    private static void Compare(List<string> failures, string session, string what, double ours, double theirs)
    {
        if (Math.Abs(ours - theirs) > Tolerance * Math.Max(Math.Abs(ours), Math.Abs(theirs)))
        {
            failures.Add($"{session}: {what} ours {ours} vs ccusage {theirs}");
        }
    }

    private static Dictionary<string, Totals> RunCcusage(string configDir)
    {
        var (exit, output, error) = Ccusage.RunSessionReport(configDir);
        if (exit != 0)
        {
            Assert.Fail($"ccusage session --offline --json exited {exit}:\n{error}\n{output}");
        }

        using var document = JsonDocument.Parse(output);
        var sessions = new Dictionary<string, Totals>(StringComparer.Ordinal);
        foreach (var session in document.RootElement.GetProperty("session").EnumerateArray())
        {
            if (session.TryGetProperty("agent", out var agent) && agent.GetString() != "claude")
            {
                continue;
            }

            sessions[session.GetProperty("period").GetString()!] = new Totals(
                session.GetProperty("inputTokens").GetDouble(),
                session.GetProperty("outputTokens").GetDouble(),
                session.GetProperty("cacheReadTokens").GetDouble(),
                session.GetProperty("cacheCreationTokens").GetDouble(),
                session.GetProperty("totalCost").GetDouble());
        }

        return sessions;
    }

    private sealed record Totals(double Input, double Output, double CacheRead, double CacheWrite, double Cost);
}
