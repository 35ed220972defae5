using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text.RegularExpressions;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// Security signals: secrets in commands, outputs or edits; prompt-injection text arriving in tool output;
/// downloads piped into a shell; privilege escalation (sudo, chmod 777, setuid). One finding per signal kind,
/// with every step that shows it. Summaries never repeat a secret.
/// </summary>
public sealed class SecurityRule : IFindingRule
{
    // NonBacktracking throughout: this text is untrusted by definition.
    // Each pattern with the literals every match of it contains: a pattern runs only on text holding one of them (a
    // vectorised search), so a file that says "password" does not run all seven patterns over its text.
    private static readonly (string Name, Regex Pattern, SearchValues<string> Literals)[] s_secrets =
    [
        ("AWS access key", new Regex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.NonBacktracking), Ordinal("AKIA", "ASIA")),
        ("GitHub token", new Regex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})", RegexOptions.NonBacktracking),
            Ordinal("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
        ("OpenAI/Anthropic API key", new Regex(@"\bsk-(?:ant-|proj-)?[A-Za-z0-9_\-]{20,}", RegexOptions.NonBacktracking), Ordinal("sk-")),
        ("Slack token", new Regex(@"\bxox[baprs]-[A-Za-z0-9\-]{10,}", RegexOptions.NonBacktracking), Ordinal("xox")),
        ("Google API key", new Regex(@"\bAIza[0-9A-Za-z_\-]{35}\b", RegexOptions.NonBacktracking), Ordinal("AIza")),
        ("private key", new Regex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY", RegexOptions.NonBacktracking), Ordinal("-----BEGIN ")),
        ("credential assignment", new Regex(
            @"(?i:api[_-]?key|secret[_-]?key|access[_-]?token|auth[_-]?token|password|passwd)[""']?\s*[:=]\s*[""']?[A-Za-z0-9/+_\-]*[0-9][A-Za-z0-9/+_\-]*[A-Za-z][A-Za-z0-9/+_\-]*",
            RegexOptions.NonBacktracking),
            SearchValues.Create(
                ["apikey", "api_key", "api-key", "secretkey", "secret_key", "secret-key", "accesstoken", "access_token", "access-token",
                    "authtoken", "auth_token", "auth-token", "password", "passwd"],
                StringComparison.OrdinalIgnoreCase)),
    ];

    /// <summary>
    /// Characters a case-insensitive pattern matches for an ASCII letter (KELVIN SIGN for k, LONG S for s) that an
    /// ordinal case-insensitive search does not: where one occurs, the credential pattern runs whatever the literals say.
    /// </summary>
    private static readonly SearchValues<char> s_caseFolded = SearchValues.Create("\u212A\u017F");

    private static readonly Regex s_injection = new(
        @"(?i:\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:your\s+|the\s+|my\s+)?(?:previous|prior|above|earlier|system|original)\s+(?:instructions|prompts?|rules|directions|messages)|\byou\s+are\s+now\s+(?:in\s+)?(?:developer|dan|unrestricted|jailbroken)|\bnew\s+system\s+prompt\b|<\|im_start\|>\s*system|\bdo\s+not\s+tell\s+the\s+user\b)",
        RegexOptions.NonBacktracking);

    private static readonly Regex s_pipeToShell = new(
        @"\b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|\b(?:ba)?sh\s+<\(\s*(?:curl|wget)\b",
        RegexOptions.NonBacktracking);

    private static readonly Regex s_escalation = new(
        @"(?:^|[;&|(]\s*|\s)sudo\s|\bchmod\s+(?:-R\s+)?(?:0?777|a\+rwx|[ugo]*\+s)\b|\bchown\s+(?:-R\s+)?root\b",
        RegexOptions.NonBacktracking);

    // Cheap pre-filters (vectorised substring search) so the regexes only run on the rare text that could match.
    private static readonly SearchValues<string> s_secretMarkers = SearchValues.Create(
        ["akia", "asia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sk-", "xox", "aiza", "private key", "api_key", "api-key",
            "apikey", "secret", "access_token", "access-token", "auth_token", "auth-token", "password", "passwd", RedactionMarker],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> s_injectionMarkers = SearchValues.Create(
        ["ignore", "disregard", "forget", "you are now", "system prompt", "im_start", "do not tell"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> s_commandMarkers = SearchValues.Create(["curl", "wget", "sudo", "chmod", "chown"], StringComparison.Ordinal);

    /// <summary>
    /// Ingest replaces every secret it finds with "[REDACTED:kind]" before a trace is stored and analysed, so the marker
    /// itself is the evidence that a secret passed through the step.
    /// </summary>
    private const string RedactionMarker = "[REDACTED:";

    /// <summary>The credential-assignment pattern must carry at least this many characters of value to count.</summary>
    private const int MinAssignedSecretLength = 16;

    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var secrets = new List<int>();
        var secretKinds = new SortedSet<string>(StringComparer.Ordinal);
        var injections = new List<int>();
        var pipes = new List<int>();
        var escalations = new List<int>();

        for (var i = 0; i < context.Steps.Count; i++)
        {
            var step = context.Steps[i];
            var secretKind = FirstSecret(step.Command) ?? FirstSecret(step.Input) ?? FirstSecret(step.Output);
            if (secretKind is not null)
            {
                secrets.Add(i);
                secretKinds.Add(secretKind);
            }

            // Injection matters where the agent reads it: tool and command output, not the user's own words.
            if (step.Kind != StepKind.UserMessage && step.Output is { } output && output.AsSpan().IndexOfAny(s_injectionMarkers) >= 0
                && s_injection.IsMatch(Normalizer.Bounded(output)))
            {
                injections.Add(i);
            }

            var command = CommandText(step);
            if (command is not null && command.AsSpan().IndexOfAny(s_commandMarkers) >= 0)
            {
                if (s_pipeToShell.IsMatch(command))
                {
                    pipes.Add(i);
                }

                if (s_escalation.IsMatch(" " + command))
                {
                    escalations.Add(i);
                }
            }
        }

        if (secrets.Count > 0)
        {
            yield return Make(context, Severity.Critical, 0.8, secrets,
                $"Possible secret ({string.Join(", ", secretKinds)}) in the commands, edits or outputs of {Where(context, secrets)}: rotate it and keep it out of the agent's context.");
        }

        if (injections.Count > 0)
        {
            yield return Make(context, Severity.Critical, 0.7, injections,
                $"Prompt-injection text (telling the agent to ignore its instructions) arrived in tool output at {Where(context, injections)}.");
        }

        if (pipes.Count > 0)
        {
            yield return Make(context, Severity.Warning, 0.9, pipes,
                $"A download piped straight into a shell at {Where(context, pipes)}: `{context.Describe(pipes[0], 60)}`.");
        }

        if (escalations.Count > 0)
        {
            yield return Make(context, Severity.Warning, 0.85, escalations,
                $"Privilege escalation (sudo, chmod 777, setuid, chown root) at {Where(context, escalations)}: `{context.Describe(escalations[0], 60)}`.");
        }
    }

    private static Finding Make(AnalysisContext context, Severity severity, double confidence, List<int> steps, string summary) =>
        context.StepsFinding(FindingKind.Security, severity, confidence, steps, summary);

    private static string Where(AnalysisContext context, List<int> steps)
    {
        var sequences = steps.Select(context.Seq).ToList();
        return (sequences.Count == 1 ? "step " : "steps ") + TextDisplay.StepList(sequences);
    }

    /// <summary>What the step ran: its command, or for shell steps without one, its input.</summary>
    private static string? CommandText(Step step)
    {
        var text = step.Command ?? (step.Kind == StepKind.ShellCommand ? step.Input : null);
        return text is null ? null : Normalizer.Bounded(text);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? FirstSecret(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(s_secretMarkers) < 0)
        {
            return null;
        }

        var marker = text.IndexOf(RedactionMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            var end = text.IndexOf(']', marker);
            var kind = end > marker + RedactionMarker.Length ? text[(marker + RedactionMarker.Length)..end] : "secret";
            return kind.Length <= 40 ? kind + " (redacted)" : "secret (redacted)";
        }

        var bounded = Normalizer.Bounded(text);
        var folded = bounded.AsSpan().IndexOfAny(s_caseFolded) >= 0;
        foreach (var (name, pattern, literals) in s_secrets)
        {
            if (bounded.AsSpan().IndexOfAny(literals) < 0 && !(folded && name == "credential assignment"))
            {
                continue;
            }

            foreach (Match match in pattern.Matches(bounded))
            {
                if (name != "credential assignment" || ValueLength(match.Value) >= MinAssignedSecretLength)
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static SearchValues<string> Ordinal(params string[] literals) => SearchValues.Create(literals, StringComparison.Ordinal);

    private static int ValueLength(string assignment)
    {
        var cut = assignment.IndexOfAny([':', '=']);
        return cut < 0 ? 0 : assignment[(cut + 1)..].Trim(' ', '"', '\'').Length;
    }
}
