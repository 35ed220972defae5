using Martin360.Analysis.Findings;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Analysis.Tests.RealTraces;

/// <summary>
/// The verification record and outcome of every importable file in ../shared/traces (one row per file; per run for the
/// multi-run OpenHands outputs; Aider's files hold hundreds of sessions, so one named session each). Each value was
/// established by reading the file; how is said beside the row. "No verifier" means no test, build, type check, lint
/// or reproduction-script run in the trace.
/// </summary>
public sealed class RealTraceVerificationTests
{
    [Theory]
    // aider chat history session 13 ("Add tests for `subtree_only`"): /test pytest tests/basic/test_repomap.py at steps 19
    // and 35, both "1 failed, 6 passed"; no claim (the user /undo'es ten commits and exits); status unknown.
    [InlineData("aider/chat-history.md.excerpt", 12, false, 2, false, false, Outcome.Unknown)]
    // analytics: the first session ends with exit_reason "Unknown edit format" after one event: aborted, nothing ran.
    [InlineData("aider/sample-analytics.jsonl", 0, false, 0, null, false, Outcome.Aborted)]
    // /init: Write CLAUDE.md refused (permission, line 24), then "I've created a basic CLAUDE.md": claim, nothing verified.
    [InlineData("claude-code/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    // CLAUDE.md updated by MultiEdit (step 30); the closing message is Japanese ("アップデートしました") and the adapter's
    // claim detector reads English only, so no claim is recorded (known gap, reported). No verifier.
    [InlineData("claude-code/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl", 0, false, 0, null, false, Outcome.Unknown)]
    // Sub-agent file: "Run the test suite" and "I'll run the test suite for you." Nothing ran.
    [InlineData("claude-code/agent-test-hash-123.jsonl", 0, false, 0, null, false, Outcome.Unknown)]
    // ccusage fixtures: usage records and a statusline snapshot, no tool calls.
    [InlineData("claude-code/ccusage_claude_chat.jsonl", 0, false, 0, null, false, Outcome.Unknown)]
    [InlineData("claude-code/ccusage_statusline-test.json", 0, false, 0, null, false, Outcome.Unknown)]
    // Writes /tmp/decorator_example.py and closes the turn ("Perfect! I've created ..."); the later `python` run of the
    // example (user's request) is not a verifier.
    [InlineData("claude-code/claude-code-log_representative_messages.jsonl", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    // tsc --noEmit at lines 201 (ok), 277 (error TS2307), 288 (ok); npm run build at 402/405/408/411, all is_error:
    // 7 verifier runs, the last failed; claims at 266 and 270.
    [InlineData("claude-code/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl", 0, true, 7, false, false, Outcome.FailedVerification)]
    // Codex: token_count-only fixture; the synthetic rollout runs `find` and applies one patch; the real rollout has
    // no tool calls. No claim detected in any (the synthetic answer only lists files).
    [InlineData("codex/ccusage_codex_session-alpha.jsonl", 0, false, 0, null, false, Outcome.Unknown)]
    [InlineData("codex/rollout-2026-01-02T03-04-05-11111111-1111-4111-8111-111111111111.jsonl", 0, false, 0, null, false, Outcome.Unknown)]
    [InlineData("codex/sample_codex_session.jsonl", 0, false, 0, null, false, Outcome.Unknown)]
    // Gemini fixture: one read_file of main.go.
    [InlineData("gemini/tool_calls.json", 0, false, 0, null, false, Outcome.Unknown)]
    // MartinLoop: two attempts classified verification_failure, but both failed before any verifier ran ("provider
    // stub/stub is not configured"); lifecycleState budget_exit.
    [InlineData("martinloop/expected-run-record.jsonl", 0, false, 0, null, false, Outcome.BudgetExhausted)]
    // runtests.py at messages 22, 24, 30 OK, reproduce_issue.py at 8, 14, 18 clean (6 runs); last edit the sed -i at
    // message 10; the rm at 32 deletes only the agent's own script and scratch test; submitted.
    [InlineData("mini-swe-agent/django__django-10999.traj.json", 0, true, 6, true, true, Outcome.VerifiedSuccess)]
    // sed -i on sitemaps/__init__.py (step 5); three own scripts run clean; runtests.py sitemaps_tests "OK" (60 tests,
    // step 15); rm of the three own scripts (16); submitted.
    [InlineData("mini-swe-agent/django__django-16255.traj.json", 0, true, 5, true, true, Outcome.VerifiedSuccess)]
    // sed -i then a heredoc rewrite of tests/missing_colon.py (steps 5, 9); the only runs are of the edited module itself
    // and a `python -c` that raises ZeroDivisionError, neither a verifier; claims after the rewrite.
    [InlineData("mini-swe-agent/github_issue.traj.json", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    // Creates game_2048.py and finishes ("No need to run it").
    [InlineData("openhands/basic.json", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    // Creates a Vue app and serves it with http.server; awaiting user input, no finish action.
    [InlineData("openhands/basic_gui_mode.json", 0, false, 0, null, false, Outcome.Unknown)]
    // ponyc-4595: make (18) and make clean && make (19) fail; finish at 24.
    [InlineData("openhands/multi_swe_bench_output.jsonl", 0, true, 2, false, false, Outcome.FailedVerification)]
    // ponyc-4593: only str_replace / view calls, one successful insert (32); finish ("Unable to make necessary changes").
    [InlineData("openhands/multi_swe_bench_output.jsonl", 1, true, 0, null, false, Outcome.UnverifiedClaim)]
    // ponyc-4588: six failing `make` builds (33, 34, 35, 42, 43, 48; `make -n` at 40 is a dry run); max iterations.
    [InlineData("openhands/multi_swe_bench_output.jsonl", 2, false, 6, false, false, Outcome.BudgetExhausted)]
    // Resolver outputs: LICENSE written / App.tsx edited, then finish; no test or build command in either history.
    [InlineData("openhands/resolver_mock_output.jsonl", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    [InlineData("openhands/resolver_mock_output.jsonl", 1, true, 0, null, false, Outcome.UnverifiedClaim)]
    // `mv game_2048.py 2048.py`, a directory listing, finish.
    [InlineData("openhands/wrong_initial_state.json", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    // SWE-agent test repo: one edit of tests/missing_colon.py, submit; nothing run.
    [InlineData("swe-agent/6e44b9__sweagenttestrepo-1c2844.traj", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    [InlineData("swe-agent/swe-agent__test-repo-i1.traj", 0, true, 0, null, false, Outcome.UnverifiedClaim)]
    // python reproduce.py prints 344 (6), fields.py edited (10), prints 345 (11, the value the issue expects),
    // rm reproduce.py (own file), submit.
    [InlineData("swe-agent/marshmallow-code__marshmallow-1867__function_calling_replace_from_source.traj", 0, true, 2, true, true, Outcome.VerifiedSuccess)]
    // reproduce_bug.py: traceback (3), then "Script completed successfully, no errors" (10) after the edit at 9;
    // rm of the own script (11), submit.
    [InlineData("swe-agent/pydicom__pydicom-1458.traj", 0, true, 2, true, true, Outcome.VerifiedSuccess)]
    public void Analyze_RealTrace_VerificationRecordAndOutcomeAsRead(
        string file, int run, bool claimedDone, int verifierRuns, bool? lastVerifierPassed, bool verifiedAfterLastEdit, Outcome outcome)
    {
        var result = TraceAnalyzer.Analyze(RealTrace.Read(file, run));

        Assert.Equal(
            new VerificationRecord { ClaimedDone = claimedDone, VerifierRuns = verifierRuns, LastVerifierPassed = lastVerifierPassed, VerifiedAfterLastEdit = verifiedAfterLastEdit },
            result.Verification);
        Assert.Equal(outcome, result.Outcome);
    }

    [Fact]
    public void Analyze_EveryImportableFile_HasARowAbove()
    {
        // The theory must not silently miss a file added to the traces folder.
        var covered = typeof(RealTraceVerificationTests).GetMethod(nameof(Analyze_RealTrace_VerificationRecordAndOutcomeAsRead))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.Data[0]!).ToHashSet(StringComparer.Ordinal);
        var importable = Directory.EnumerateFiles(TraceFiles.Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TraceFiles.Root, p).Replace('\\', '/'))
            .Where(p => p.Contains('/', StringComparison.Ordinal) && !p.StartsWith("otel-spec/", StringComparison.Ordinal) && !p.StartsWith("LICENSES/", StringComparison.Ordinal))
            .Where(p => TraceFormats.CreateDefault().Read(p, TraceFiles.Read(p)).Traces.Count > 0)
            .ToList();

        Assert.NotEmpty(importable);
        Assert.All(importable, p => Assert.Contains(p, covered));
    }

    [Theory]
    [InlineData("mini-swe-agent/django__django-10999.report.json")]
    [InlineData("mini-swe-agent/django__django-16255.report.json")]
    [InlineData("swe-agent/all_preds.jsonl")]
    public void Read_SweBenchArtifact_IsRefusedAsNotATrace(string file)
    {
        var result = TraceFormats.CreateDefault().Read(file, TraceFiles.Read(file));

        Assert.Empty(result.Traces);
        Assert.Contains(result.Issues, i => i.Message.Contains("Not a trace", StringComparison.Ordinal));
    }
}
