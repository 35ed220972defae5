using Martin360.Analysis.Model;
using Martin360.Dashboard.Export;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Http;
using Martin360.Ingest.Native;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class RunReportTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>")]
    [InlineData("![x](http://evil/pixel.png)", "\\!\\[x\\]\\(http://evil/pixel\\.png\\)")]
    [InlineData("# heading\n- item\n\n1. one", "\\# heading \\- item 1\\. one")]
    [InlineData("a | b `c` *d* _e_ ~f~ &amp; @team", "a \\| b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\&amp; \\@team")]
    [InlineData("\u001b[31mred\u001b[0m \u202Eevil\u202C", "red evil")]
    public void Escape_AgentText_CannotAddMarkupOrLines(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Escape(text));
    }

    [Theory]
    [InlineData("pytest -q", "`pytest -q`")]
    [InlineData("echo `date`", "`` echo `date` ``")]
    [InlineData("``` fence", "```` ``` fence ````")]
    [InlineData("a\nb", "`a b`")]
    public void Code_TextWithBackticks_IsFencedSoItCannotCloseTheSpan(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Code(text));
    }

    [Fact]
    public void Escape_VeryLongText_IsCut()
    {
        Assert.Equal(MarkdownText.MaxInlineChars + 1, MarkdownText.Escape(new string('a', 10_000)).Length);
    }

    [Fact]
    public void ToMarkdown_RunWithFindings_HasSummaryOutcomeFindingsWithEvidenceAndNextSteps()
    {
        var run = new RunView
        {
            Id = "r-1", SourceFormat = "martin360/v1", Status = "completed", CostProvenance = "reported", CostUsd = 1.25m, StepCount = 3,
            Agent = new AgentDto { Name = "codex", Version = "0.5" },
            Task = new TaskDto { Title = "Fix <b>totals</b>", Objective = "Round half up\n# not a heading" },
            Tokens = new TokensDto { Input = 1000, Output = 200 },
            Outcome = "unverified_claim",
            Verification = new VerificationView(true, 1, false, false),
            Findings = [new FindingView("unverified_completion", "critical", 0.9, [2, 3], "Claimed done at step 3 after `pytest -q` failed at step 2.", 100, 0.5m)],
            Recommendations = ["Re-run `pytest -q` before merging."],
        };
        Step[] steps =
        [
            new() { Id = "a", Sequence = 1, Kind = StepKind.FileEdit, Files = [new FileTouch("billing/invoice.py", FileAction.Edit)] },
            new() { Id = "b", Sequence = 2, Kind = StepKind.VerifierRun, Command = "pytest -q <img src=x>", ExitCode = 1 },
            new() { Id = "c", Sequence = 3, Kind = StepKind.CompletionClaim, Output = "Done! ![pwn](http://x/y.png)" },
        ];

        var markdown = RunReport.ToMarkdown(run, steps, "http://localhost:5360/runs/r-1");

        Assert.StartsWith("# Run report: Fix \\<b\\>totals\\</b\\>\n", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Task: Round half up \\# not a heading", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Cost:** $1.25 (reported)", markdown, StringComparison.Ordinal);
        Assert.Contains("## Outcome", markdown, StringComparison.Ordinal);
        Assert.Contains("**unverified claim**", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Last verifier:** failed", markdown, StringComparison.Ordinal);
        Assert.Contains("### 1. unverified completion (critical, confidence 0.9)", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Evidence:** steps 2, 3", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Wasted:** $0.50, 100 tokens", markdown, StringComparison.Ordinal);
        Assert.Contains("[step 2](<http://localhost:5360/runs/r-1#step-2>) verifier run: `$ pytest -q <img src=x> → exit 1`", markdown, StringComparison.Ordinal);
        Assert.Contains("[step 3](<http://localhost:5360/runs/r-1#step-3>) completion claim: `Done! ![pwn](http://x/y.png)`", markdown, StringComparison.Ordinal);
        Assert.Contains("## Next steps", markdown, StringComparison.Ordinal);
        Assert.Contains("1. Re\\-run \\`pytest \\-q\\` before merging\\.", markdown, StringComparison.Ordinal);

        // Outside code spans no agent text can open a tag.
        var outsideCode = System.Text.RegularExpressions.Regex.Replace(markdown, "`[^`]*`", "");
        Assert.DoesNotMatch(@"(?<!\\)<(?!http://localhost)", outsideCode);
    }

    [Fact]
    public void ToMarkdown_NoFindings_SaysNothingFound()
    {
        var run = new RunView { Id = "r", SourceFormat = "x", Status = "running", CostProvenance = "unknown", Tokens = new TokensDto() };

        var markdown = RunReport.ToMarkdown(run, [], null);

        Assert.Contains("## Findings (0)", markdown, StringComparison.Ordinal);
        Assert.Contains("Nothing found.", markdown, StringComparison.Ordinal);
        Assert.Contains("**not analysed**", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Cost:** unknown (unknown)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Review", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_ReviewedInTriage_HasAReviewSectionWithTheNoteEscaped()
    {
        var run = new RunView { Id = "r", SourceFormat = "x", Status = "completed", CostProvenance = "unknown", Tokens = new TokensDto() };
        var review = new RunReview { Reviewed = "Reviewed by dana at 2026-12-06 10:00:00 UTC", AssignedTo = "li", Note = "re-run <b>after</b> the fix" };

        var markdown = RunReport.ToMarkdown(run, [], null, review);

        Assert.Contains("## Review", markdown, StringComparison.Ordinal);
        var section = markdown[markdown.IndexOf("## Review", StringComparison.Ordinal)..];
        Assert.Contains("- **Reviewed:** Reviewed by dana at 2026", section, StringComparison.Ordinal);
        Assert.Contains("- **Assigned to:** li", section, StringComparison.Ordinal);
        Assert.Contains("- **Note:** re", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
    }
}
