using System.Runtime.CompilerServices;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// The same action, or the same cycle of actions (period 1..<see cref="MaxPeriod"/>), repeated without new
/// information. Superset of OpenHands' StuckDetector: actions and observations are compared normalised, thought
/// text is ignored, longer cycles are searched, and near-duplicate retries aimed at the same target are caught.
/// One pass per period over the agent's actions: O(steps x MaxPeriod).
/// </summary>
public sealed class LoopRule : IFindingRule
{
    public const int MaxPeriod = 6;

    /// <summary>OpenHands: same action and same observation 4 times.</summary>
    public const int SameResultRepeats = 4;

    /// <summary>OpenHands: same action ending in an error 3 times.</summary>
    public const int SameErrorRepeats = 3;

    /// <summary>OpenHands: the same agent message 3 times with nothing in between.</summary>
    public const int MonologueRepeats = 3;

    /// <summary>Cycles of 2 or more actions: 3 full turns (OpenHands' A,B,A,B,A,B is the period-2 case).</summary>
    public const int CycleRepeats = 3;

    /// <summary>Near-duplicate attempts at the same target with the same result.</summary>
    public const int NearDuplicateRepeats = 3;

    /// <summary>Token Jaccard of two normalised actions above which they are the same attempt reworded.</summary>
    public const double NearDuplicateSimilarity = 0.5;

    /// <summary>A loop with this many repeats is critical even when the run got out of it.</summary>
    public const int CriticalRepeats = 6;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var stream = Stream(context);
        var covered = new bool[stream.Count];
        var findings = new List<Finding>();
        for (var period = 1; period <= MaxPeriod; period++)
        {
            FindPeriodic(context, stream, period, covered, findings);
        }

        FindNearDuplicates(context, stream, covered, findings);
        return findings;
    }

    /// <summary>
    /// The agent's actions without narration: an assistant message directly followed by a tool action is that action's
    /// rationale (Claude Code and Codex write "Let me try from the right directory:" as its own message before the call),
    /// the equivalent of OpenHands' thought inside the action. Kept in the stream, reworded narration between two
    /// identical commands would hide the loop. A message repeating the one before it stays: that is a monologue.
    /// </summary>
    private static List<int> Stream(AnalysisContext context)
    {
        var actions = context.ActionIndices;
        var stream = new List<int>(actions.Count);
        for (var k = 0; k < actions.Count; k++)
        {
            var index = actions[k];
            if (context.Steps[index].Kind == StepKind.AssistantMessage && k + 1 < actions.Count && IsTool(context.Steps[actions[k + 1]])
                && !(stream.Count > 0 && context.Facts[stream[^1]].ActionKey == context.Facts[index].ActionKey))
            {
                continue;
            }

            stream.Add(index);
        }

        return stream;
    }

    private static bool IsTool(Step step) =>
        step.Kind is not (StepKind.AssistantMessage or StepKind.UserMessage or StepKind.CompletionClaim or StepKind.Thought);

    private static void FindPeriodic(AnalysisContext context, IReadOnlyList<int> stream, int period, bool[] covered, List<Finding> findings)
    {
        var run = 0;
        for (var j = period; j <= stream.Count; j++)
        {
            if (j < stream.Count && SameTurn(context, stream[j], stream[j - period], period))
            {
                run++;
                continue;
            }

            if (run > 0)
            {
                Consider(context, stream, period, j - 1 - run - period + 1, j - 1, covered, findings);
            }

            run = 0;
        }
    }

    private static bool SameTurn(AnalysisContext context, int a, int b, int period)
    {
        var fa = context.Facts[a];
        var fb = context.Facts[b];
        if (fa.IsUserMessage || fb.IsUserMessage || fa.OpaqueWrite || fb.OpaqueWrite || fa.ActionKey != fb.ActionKey)
        {
            return false;
        }

        if (fa.ObservationKey == fb.ObservationKey)
        {
            return true;
        }

        // Same action, both failing the same way: error text often carries noise the normaliser keeps.
        return period == 1 && fa.Failed && fb.Failed && fa.ErrorSignature == fb.ErrorSignature;
    }

    private static void Consider(AnalysisContext context, IReadOnlyList<int> stream, int period, int start, int end, bool[] covered, List<Finding> findings)
    {
        var length = end - start + 1;
        var repeats = length / period;
        var first = context.Steps[stream[start]];
        var allFailed = true;
        for (var k = start; k <= end; k++)
        {
            allFailed &= context.Facts[stream[k]].Failed;
        }

        int needed;
        if (period == 1)
        {
            needed = first.Kind == StepKind.AssistantMessage ? MonologueRepeats : allFailed ? SameErrorRepeats : SameResultRepeats;
        }
        else
        {
            needed = CycleRepeats;
            var distinct = new HashSet<ulong>();
            for (var k = start; k < start + period; k++)
            {
                distinct.Add(context.Facts[stream[k]].ActionKey);
            }

            // A cycle made of one action is the period-1 case, already judged there.
            if (distinct.Count < 2)
            {
                return;
            }
        }

        if (repeats < needed || MostlyCovered(covered, start, end))
        {
            return;
        }

        // Only whole turns count as evidence; a trailing partial turn is dropped.
        end = start + repeats * period - 1;
        for (var k = start; k <= end; k++)
        {
            covered[k] = true;
        }

        var evidence = Enumerable.Range(start, end - start + 1).Select(k => stream[k]).ToList();
        var range = TextDisplay.StepRange(context.Seq(stream[start]), context.Seq(stream[end]));
        string summary;
        double confidence;
        if (period == 1 && first.Kind == StepKind.AssistantMessage)
        {
            summary = $"The agent sent the same message {repeats} times with nothing in between ({range}): \"{TextDisplay.OneLine(first.Output ?? first.Input, 60)}\".";
            confidence = 0.9;
        }
        else if (period == 1)
        {
            summary = $"`{context.Describe(stream[start])}` repeated {repeats} times with the same {(allFailed ? "error" : "result")} ({range}).";
            confidence = 0.95;
        }
        else
        {
            var cycle = string.Join(" → ", Enumerable.Range(start, period).Select(k => $"`{context.Describe(stream[k], 40)}`"));
            summary = $"A cycle of {period} actions ({cycle}) repeated {repeats} times with the same results ({range}).";
            confidence = 0.85;
        }

        findings.Add(Make(context, stream, start, end, period, repeats, confidence, summary, evidence));
    }

    private static void FindNearDuplicates(AnalysisContext context, IReadOnlyList<int> stream, bool[] covered, List<Finding> findings)
    {
        var start = 0;
        for (var j = 1; j <= stream.Count; j++)
        {
            if (j < stream.Count && NearDuplicate(context, stream[j - 1], stream[j]))
            {
                continue;
            }

            var end = j - 1;
            var length = end - start + 1;
            if (length >= NearDuplicateRepeats && !MostlyCovered(covered, start, end))
            {
                for (var k = start; k <= end; k++)
                {
                    covered[k] = true;
                }

                var evidence = Enumerable.Range(start, length).Select(k => stream[k]).ToList();
                var last = context.Facts[stream[end]];
                var range = TextDisplay.StepRange(context.Seq(stream[start]), context.Seq(stream[end]));
                var error = TextDisplay.OneLine(last.ErrorSignature, 60);
                var summary = last.Failed && last.IsWriteAttempt
                    ? $"{length} attempts in a row to change the same file failed ({error}), {range}: e.g. `{context.Describe(stream[start], 60)}`."
                    : $"{length} near-identical attempts ended the same way{(last.Failed ? $" ({error})" : "")}, {range}: e.g. `{context.Describe(stream[start], 60)}`.";
                findings.Add(Make(context, stream, start, end, 1, length, 0.7, summary, evidence));
            }

            start = j;
        }
    }

    private static bool NearDuplicate(AnalysisContext context, int a, int b)
    {
        var fa = context.Facts[a];
        var fb = context.Facts[b];
        if (fa.IsUserMessage || fb.IsUserMessage || fa.OpaqueWrite || fb.OpaqueWrite || fa.TargetKey != fb.TargetKey)
        {
            return false;
        }

        // Failing writes to the same file are the same attempt whatever the tool (Edit, MultiEdit, Write) and whatever
        // the editor said: "old_str is required", "no replacement was performed" and "multiple occurrences" all mean
        // the file did not change and the agent tried again without stepping back.
        if (fa.Failed && fb.Failed && fa.IsWriteAttempt && fb.IsWriteAttempt)
        {
            return true;
        }

        var sameOutcome = fa.Failed && fb.Failed ? fa.ErrorSignature == fb.ErrorSignature : fa.ObservationKey == fb.ObservationKey;
        if (!sameOutcome)
        {
            return false;
        }

        return fa.ActionKey == fb.ActionKey
            || Normalizer.Jaccard(Normalizer.TokenSet(fa.Action), Normalizer.TokenSet(fb.Action)) >= NearDuplicateSimilarity;
    }

    private static bool MostlyCovered(bool[] covered, int start, int end)
    {
        var count = 0;
        for (var k = start; k <= end; k++)
        {
            if (covered[k])
            {
                count++;
            }
        }

        return count * 2 > end - start + 1;
    }

    private static Finding Make(AnalysisContext context, IReadOnlyList<int> stream, int start, int end, int period, int repeats, double confidence, string summary, List<int> evidence)
    {
        // Stuck: the loop runs into the end of the run (no later action but a final message or claim).
        var tail = stream.Count - 1;
        while (tail > end && context.Steps[stream[tail]].Kind is StepKind.AssistantMessage or StepKind.CompletionClaim)
        {
            tail--;
        }

        var severity = tail <= end || repeats >= CriticalRepeats ? Severity.Critical : Severity.Warning;

        // The first turn was a fair attempt; what follows it is the waste.
        var (tokens, usd) = context.Spend(stream[Math.Min(start + period, end)], stream[end]);
        var ordered = evidence.Order().ToArray();
        return context.Build(FindingKind.Loop, severity, confidence, ordered, summary, tokens, usd) with { Repeats = repeats };
    }
}
