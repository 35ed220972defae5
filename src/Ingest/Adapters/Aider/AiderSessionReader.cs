using System.Globalization;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Aider;

/// <summary>
/// Reads one session of an .aider.chat.history.md: "#### " lines are the user's, "> " lines are aider's own
/// output (tool output, edits, commits, token reports), everything else is the model's reply.
/// </summary>
internal sealed partial class AiderSessionReader
{
    private readonly string[] _lines;
    private readonly int _start;
    private readonly int _end;
    private readonly List<Step> _steps = [];
    private readonly string _runId;
    private string? _version;
    private string? _model;
    private string? _taskTitle;
    private string? _exitReason;
    private decimal? _sessionCost;
    private int? _pendingReply;

    public AiderSessionReader(string[] lines, int start, int end, string runId)
    {
        _lines = lines;
        _start = start;
        _end = end;
        _runId = runId;
    }

    /// <summary>Reads the session; <paramref name="hasHeader"/> is false for text before the file's first header.</summary>
    public Trace Read(bool hasHeader, List<ImportIssue> issues)
    {
        var i = _start;
        DateTimeOffset? startedAt = null;
        if (hasHeader)
        {
            startedAt = ParseStart(Line(i)["# aider chat started at ".Length..], i + 1, issues);
            i++;
        }

        while (i < _end)
        {
            var line = Line(i);
            if (IsUser(line))
            {
                i = ReadUserTurn(i);
            }
            else if (IsAider(line))
            {
                ReadAiderLine(AiderText(line));
                i++;
            }
            else if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                i++;
            }
            else
            {
                i = ReadReply(i);
            }
        }

        var tokens = _steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens));
        var summedCost = _steps.Any(s => s.CostUsd is not null) ? _steps.Sum(s => s.CostUsd ?? 0m) : (decimal?)null;

        // aider's running session figure also counts calls it reports no tokens line for (commit messages, summaries).
        var cost = _sessionCost ?? summedCost;
        var run = new Run
        {
            Id = _runId,
            SourceFormat = AiderChatHistoryAdapter.FormatName,
            AgentName = "aider",
            AgentVersion = _version,
            TaskTitle = _taskTitle,
            StartedAt = startedAt,
            ExitReason = _exitReason,
            Tokens = tokens,
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };
        return Trace.Create(run, _steps);
    }

    private string Line(int index) => _lines[index].TrimEnd('\r');

    private static bool IsUser(string line) => line.StartsWith("####", StringComparison.Ordinal) && (line.Length == 4 || line[4] == ' ');

    // aider writes its own output as "> " blockquotes; a confirmation's answer ("(y/n/instructions) n") continues one.
    private static bool IsAider(string line) =>
        line == ">" || line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("(y/n", StringComparison.Ordinal);

    private static string AiderText(string line) =>
        line.StartsWith('>') ? (line.Length > 2 ? line[2..] : "").TrimEnd() : line.TrimEnd();

    private static string UserText(string line) => (line.Length > 5 ? line[5..] : "").TrimEnd();

    /// <summary>
    /// The session's banner (header and start-up lines up to the first user turn), which aider never rewrites:
    /// ids made from it survive re-importing a history file that has grown since.
    /// </summary>
    public static string Banner(string[] lines, int start, int end)
    {
        var banner = new List<string>();
        for (var i = start; i < end && banner.Count < 12; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (IsUser(line))
            {
                break;
            }

            banner.Add(line);
        }

        return string.Join('\n', banner);
    }

    private int ReadUserTurn(int i)
    {
        var text = new List<string>();
        while (i < _end && IsUser(Line(i)))
        {
            text.Add(UserText(Line(i)));
            i++;
        }

        var first = text[0];
        if (text.Count == 1 && CommandPattern().Match(first) is { Success: true } command)
        {
            var name = command.Groups["name"].Value is "!" or "" ? "/run" : "/" + command.Groups["name"].Value;
            var commandLine = command.Groups["command"].Value.Trim();
            i = CaptureOutput(i, out var output);
            Add(new Step
            {
                Id = "",
                Sequence = 0,
                Kind = StepKind.ShellCommand,
                Name = name,
                Command = commandLine.Length > 0 ? commandLine : name,
                Output = output,
            });
            return i;
        }

        if (first.StartsWith("# Fix any errors below", StringComparison.Ordinal))
        {
            AddLintFailure(text);
            return i;
        }

        var message = string.Join('\n', text).Trim();
        if (_taskTitle is null && message.Length > 0 && !message.StartsWith('/'))
        {
            var newline = message.IndexOf('\n');
            var title = newline < 0 ? message : message[..newline];
            _taskTitle = title.Length > 200 ? title[..200] : title;
        }

        Add(new Step
        {
            Id = "",
            Sequence = 0,
            Kind = StepKind.UserMessage,
            Name = message.StartsWith('/') ? message.Split(' ', 2)[0] : null,
            Input = message,
        });
        return i;
    }

    /// <summary>
    /// aider echoes a /run or /test result twice: once raw (only its first line quoted), then as a "> " quoted copy.
    /// The raw block is the output; the copy is skipped so that nothing after it is taken for the model's reply.
    /// </summary>
    private int CaptureOutput(int i, out string? output)
    {
        output = null;
        var regionEnd = i;
        while (regionEnd < _end && !IsUser(Line(regionEnd)))
        {
            regionEnd++;
        }

        if (i >= regionEnd || !IsAider(Line(i)))
        {
            return i;
        }

        var first = Line(i).TrimEnd();
        var copy = -1;
        if (AiderText(first).Length > 0)
        {
            for (var n = i + 1; n < regionEnd; n++)
            {
                if (string.Equals(Line(n).TrimEnd(), first, StringComparison.Ordinal))
                {
                    copy = n;
                    break;
                }
            }
        }

        var text = new List<string>();
        int next;
        if (copy > 0)
        {
            text.Add(AiderText(first));
            for (var n = i + 1; n < copy; n++)
            {
                text.Add(Line(n).TrimEnd());
            }

            next = copy;
            while (next < regionEnd && IsAider(Line(next)))
            {
                next++;
            }
        }
        else
        {
            next = i;
            while (next < regionEnd && IsAider(Line(next)))
            {
                text.Add(AiderText(Line(next)));
                next++;
            }
        }

        output = string.Join('\n', text).Trim();
        return next;
    }

    private void AddLintFailure(List<string> text)
    {
        var running = text.FindIndex(t => t.StartsWith("## Running:", StringComparison.Ordinal));
        var command = running >= 0 ? text[running]["## Running:".Length..].Trim() : null;
        var output = string.Join('\n', text.Skip(running >= 0 ? running + 1 : 1)).Trim();
        Add(new Step
        {
            Id = "",
            Sequence = 0,
            Kind = StepKind.ShellCommand,
            Name = "lint",
            Command = command,
            Output = output,
            IsError = true,
        });
    }

    private int ReadReply(int i)
    {
        var start = i;
        while (i < _end && !IsUser(Line(i)) && !IsAider(Line(i)))
        {
            i++;
        }

        var text = string.Join('\n', _lines[start..i].Select(l => l.TrimEnd('\r'))).Trim();
        Add(new Step { Id = "", Sequence = 0, Kind = StepKind.AssistantMessage, Model = _model, Output = text });
        _pendingReply = _steps.Count - 1;
        return i;
    }

    private void ReadAiderLine(string text)
    {
        if (text.StartsWith("Tokens:", StringComparison.Ordinal)
            && AiderTokensLine.TryParse(text, out var tokens, out var messageCost, out var sessionCost))
        {
            AddUsage(tokens, messageCost);
            _sessionCost = sessionCost ?? _sessionCost;
            return;
        }

        Match match;
        if ((match = AppliedEdit().Match(text)).Success)
        {
            var path = match.Groups["path"].Value;
            Add(new Step { Id = "", Sequence = 0, Kind = StepKind.FileEdit, Name = "apply_edit", Files = [new FileTouch(path, FileAction.Edit)] });
        }
        else if ((match = Commit().Match(text)).Success)
        {
            Add(new Step { Id = "", Sequence = 0, Kind = StepKind.Other, Name = "commit", Input = match.Groups["message"].Value, Output = match.Groups["hash"].Value });
        }
        else if ((match = AddedToChat().Match(text)).Success)
        {
            var path = match.Groups["path"].Value;
            Add(new Step { Id = "", Sequence = 0, Kind = StepKind.FileRead, Name = "add", Files = [new FileTouch(path, FileAction.Read)] });
        }
        else if (_version is null && (match = Version().Match(text)).Success)
        {
            _version = match.Groups["version"].Value;
        }
        else if ((match = Model().Match(text)).Success)
        {
            _model = match.Groups["model"].Value;
        }
        else if (text.StartsWith("^C KeyboardInterrupt", StringComparison.Ordinal))
        {
            _exitReason = "KeyboardInterrupt";
        }
    }

    private void AddUsage(TokenUsage tokens, decimal? cost)
    {
        var provenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported;
        if (_pendingReply is { } index)
        {
            _steps[index] = _steps[index] with { Tokens = tokens, CostUsd = cost, CostProvenance = provenance };
            _pendingReply = null;
            return;
        }

        // A report with no reply before it (the reply was empty or interrupted): keep the spend as a model call.
        Add(new Step { Id = "", Sequence = 0, Kind = StepKind.ModelCall, Model = _model, Tokens = tokens, CostUsd = cost, CostProvenance = provenance });
    }

    private void Add(Step step)
    {
        var sequence = _steps.Count + 1;
        _steps.Add(step with { Id = DeterministicId.From(_runId, sequence.ToString(CultureInfo.InvariantCulture)), Sequence = sequence });
        // aider reports a reply's tokens after it, sometimes after its edits and commits; a new turn ends the wait.
        if (step.Kind is StepKind.UserMessage or StepKind.ShellCommand)
        {
            _pendingReply = null;
        }
    }

    private static DateTimeOffset? ParseStart(string text, int line, List<ImportIssue> issues)
    {
        // aider writes local time without a zone; it is kept as written (read as UTC) rather than guessed.
        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"unreadable session start time '{text.Trim()}'", line));
        return null;
    }

    [GeneratedRegex(@"^(?:/(?<name>run|test)(?:\s+(?<command>.*))?|(?<name>!)(?<command>.+))$")]
    private static partial Regex CommandPattern();

    [GeneratedRegex(@"^Applied edit to (?<path>.+)$")]
    private static partial Regex AppliedEdit();

    [GeneratedRegex(@"^Commit (?<hash>[0-9a-f]{7,40}) (?<message>.*)$")]
    private static partial Regex Commit();

    [GeneratedRegex(@"^Added (?<path>.+?) to the chat\.?$")]
    private static partial Regex AddedToChat();

    [GeneratedRegex(@"^Aider v(?<version>\S+)")]
    private static partial Regex Version();

    [GeneratedRegex(@"^(?:Main model|Models?): (?<model>\S+)")]
    private static partial Regex Model();
}
