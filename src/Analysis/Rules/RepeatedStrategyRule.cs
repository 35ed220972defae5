using System.Runtime.CompilerServices;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// The same approach retried after it failed, in different words: the same file edited again and again, each
/// time followed by the same verifier failing with the same error signature (failing test names, or exception
/// type and location). The edits' text may differ every time; the failure does not move.
/// </summary>
public sealed class RepeatedStrategyRule : IFindingRule
{
    /// <summary>Failures with one signature, counting the first: the first fix attempt is fair, the third is a pattern.</summary>
    public const int Attempts = 3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var findings = new List<Finding>();
        var pendingEdits = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var displayPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var lastFailure = new Dictionary<ulong, (string Signature, int Index)>();
        var chains = new Dictionary<(ulong Verifier, string File), Chain>();

        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            if (facts.IsEdit && !facts.Failed)
            {
                foreach (var path in facts.Written)
                {
                    var key = PathText.Key(path);
                    displayPath.TryAdd(key, path);
                    if (!pendingEdits.TryGetValue(key, out var list))
                    {
                        pendingEdits[key] = list = [];
                    }

                    list.Add(i);
                }
            }

            if (!facts.IsVerifier)
            {
                continue;
            }

            var verifier = facts.ActionKey;
            if (facts.VerifierPassed == true || facts.ErrorSignature is null)
            {
                Close(context, chains, verifier, keep: null, displayPath, findings);
                lastFailure.Remove(verifier);
                pendingEdits.Clear();
                continue;
            }

            var signature = facts.ErrorSignature;
            Close(context, chains, verifier, keep: signature, displayPath, findings);
            foreach (var (file, edits) in pendingEdits)
            {
                if (chains.TryGetValue((verifier, file), out var chain) && chain.Signature == signature)
                {
                    chain.Count++;
                    chain.Evidence.AddRange(edits);
                    chain.Evidence.Add(i);
                    chain.Edits += edits.Count;
                    continue;
                }

                chain = new Chain(signature);
                if (lastFailure.TryGetValue(verifier, out var previous) && previous.Signature == signature)
                {
                    // The failure this edit tried to fix counts as the first attempt.
                    chain.Count = 1;
                    chain.Evidence.Add(previous.Index);
                }

                chain.Count++;
                chain.Evidence.AddRange(edits);
                chain.Evidence.Add(i);
                chain.Edits += edits.Count;
                chains[(verifier, file)] = chain;
            }

            lastFailure[verifier] = (signature, i);
            pendingEdits.Clear();
        }

        foreach (var key in chains.Keys.ToList())
        {
            Emit(context, key, chains[key], displayPath, findings);
        }

        return findings;
    }

    private static void Close(AnalysisContext context, Dictionary<(ulong Verifier, string File), Chain> chains, ulong verifier, string? keep,
        Dictionary<string, string> displayPath, List<Finding> findings)
    {
        foreach (var key in chains.Keys.Where(k => k.Verifier == verifier).ToList())
        {
            if (keep is not null && chains[key].Signature == keep)
            {
                continue;
            }

            Emit(context, key, chains[key], displayPath, findings);
            chains.Remove(key);
        }
    }

    private static void Emit(AnalysisContext context, (ulong Verifier, string File) key, Chain chain, Dictionary<string, string> displayPath, List<Finding> findings)
    {
        if (chain.Count < Attempts)
        {
            return;
        }

        var evidence = chain.Evidence.Distinct().Order().ToList();
        var verifierStep = evidence.Last(i => context.Facts[i].IsVerifier);
        var file = displayPath.GetValueOrDefault(key.File, key.File);
        var summary = $"{file} edited {chain.Edits} times and `{context.Describe(verifierStep, 60)}` failed {chain.Count} times with the same error " +
            $"({TextDisplay.OneLine(chain.Signature, 80)}), {TextDisplay.StepRange(context.Seq(evidence[0]), context.Seq(evidence[^1]))}.";
        var severity = chain.Count >= Attempts + 2 ? Severity.Critical : Severity.Warning;
        findings.Add(context.SpanFinding(FindingKind.RepeatedStrategy, severity, 0.85, evidence, summary) with { Repeats = chain.Count });
    }

    private sealed class Chain(string signature)
    {
        public string Signature { get; } = signature;

        public int Count { get; set; }

        public int Edits { get; set; }

        public List<int> Evidence { get; } = [];
    }
}
