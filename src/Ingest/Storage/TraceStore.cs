using System.Collections.Concurrent;
using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Redaction;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Martin360.Ingest.Storage;

/// <summary>
/// The one place that reads and writes runs and steps. Writes are serialised (SQLite has one writer) and
/// committed before they return; subscribers are told after the commit.
/// </summary>
public sealed class TraceStore(IDbContextFactory<Martin360DbContext> contexts, RunChangeNotifier notifier, TimeProvider time)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<PendingAppend> _pendingAppends = new();

    /// <summary>Creates a run, or returns the existing one with that id (a re-sent create is not an error).</summary>
    public async Task<(RunRecord Run, bool Created)> CreateRunAsync(Run run, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == run.Id, cancellationToken);
            if (existing is not null)
            {
                return (existing, false);
            }

            var record = NewRecord(run);
            db.Runs.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            notifier.Publish(run.Id);
            return (record, true);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Appends steps; steps whose id the run already has are counted as duplicates. Null when the run does not exist.
    /// Appends that arrive while another is being written are committed together in the next transaction (group
    /// commit): each caller still returns only after its own steps are durable.
    /// </summary>
    public async Task<AppendOutcome?> AppendStepsAsync(string runId, PreparedTrace prepared, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(runId, prepared);
        _pendingAppends.Enqueue(pending);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!pending.Completion.Task.IsCompleted)
            {
                var group = new List<PendingAppend>();
                while (_pendingAppends.TryDequeue(out var next))
                {
                    group.Add(next);
                }

                try
                {
                    // Not the caller's token: the group holds other callers' steps too.
                    await WriteAppendsAsync(group, CancellationToken.None);
                }
                catch (Exception exception)
                {
                    foreach (var member in group)
                    {
                        member.Completion.TrySetException(exception);
                    }
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await pending.Completion.Task;
    }

    private async Task WriteAppendsAsync(List<PendingAppend> group, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcomes = new List<(PendingAppend Pending, AppendOutcome? Outcome)>(group.Count);
        foreach (var pending in group)
        {
            var record = await db.Runs.FirstOrDefaultAsync(r => r.Id == pending.RunId, cancellationToken);
            if (record is null)
            {
                outcomes.Add((pending, null));
                continue;
            }

            var steps = pending.Prepared.Trace.Steps;
            var added = new AddedSteps();
            var stored = await InsertStepsAsync(db, pending.RunId, steps, completeExisting: false, cancellationToken, added);
            if (stored.Count > 0)
            {
                // Totals move by what this batch added; a full recount only where the stored state cannot say
                // (measured: the recount was a sixth of the store's time once runs reached 1000 steps).
                if (!TryAddTotals(record, added))
                {
                    await RecomputeTotalsAsync(db, record, cancellationToken);
                }

                record.LastStepAtMs = Now();
                AddRedactions(record, pending.Prepared.Redactions);
            }

            record.UpdatedAtMs = Now();
            outcomes.Add((pending, new AppendOutcome(record, stored, steps.Count - stored.Count)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (pending, outcome) in outcomes)
        {
            pending.Completion.TrySetResult(outcome);
            if (outcome is not null)
            {
                notifier.Publish(pending.RunId);
            }
        }
    }

    /// <summary>Stores a whole trace (an import): creates or updates the run and adds the steps it does not have yet.</summary>
    public async Task<AppendOutcome> SaveTraceAsync(PreparedTrace prepared, CancellationToken cancellationToken)
    {
        var trace = prepared.Trace;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var record = await db.Runs.FirstOrDefaultAsync(r => r.Id == trace.Run.Id, cancellationToken);
            if (record is null)
            {
                record = NewRecord(trace.Run);
                db.Runs.Add(record);
            }
            else
            {
                ApplyHeader(record, trace.Run);
            }

            await db.SaveChangesAsync(cancellationToken);
            var stored = await InsertStepsAsync(db, record.Id, trace.Steps, completeExisting: true, cancellationToken);
            if (stored.Count > 0)
            {
                AddRedactions(record, prepared.Redactions);
            }

            await RecomputeTotalsAsync(db, record, cancellationToken);
            record.UpdatedAtMs = Now();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            notifier.Publish(record.Id);
            return new AppendOutcome(record, stored, trace.Steps.Count - stored.Count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<RunRecord?> FinishRunAsync(string runId, RunStatus status, string? exitReason, DateTimeOffset? endedAt, CancellationToken cancellationToken) =>
        await UpdateRunAsync(runId, record =>
        {
            record.Status = status.ToWire();
            record.ExitReason = exitReason ?? record.ExitReason;
            record.EndedAtMs = (endedAt ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
        }, cancellationToken);

    /// <summary>A human pressed Stop: the run's next verdict is stop.</summary>
    public async Task<RunRecord?> RequestStopAsync(string runId, string requestedBy, CancellationToken cancellationToken) =>
        await UpdateRunAsync(runId, record =>
        {
            record.StopRequested = true;
            record.StopRequestedBy = requestedBy;
            record.StopRequestedAtMs = Now();
        }, cancellationToken);

    public async Task<RunRecord?> SaveAnalysisAsync(string runId, AnalysisResult result, int analyzedSteps, CancellationToken cancellationToken) =>
        await UpdateRunAsync(runId, record => RecordMapper.ApplyAnalysis(record, result, analyzedSteps), cancellationToken);

    /// <summary>
    /// Records what a policy found on an append: the approvals it asks for (a step asked about before is not asked
    /// again), new violations (as findings) and, the first time, why it stopped the run.
    /// </summary>
    public async Task<PolicyResult?> SavePolicyResultAsync(string runId, PolicyEvaluation evaluation, CancellationToken cancellationToken)
    {
        IReadOnlyList<Approval> asked = [];
        var run = await UpdateRunAsync(runId, record =>
        {
            var (added, known) = RecordMapper.AddApprovals(record, evaluation.Approvals, Now());
            asked = added;
            RecordMapper.AddPolicyFindings(record, [.. evaluation.Violations.Where(v => !known.Contains(v.Summary))]);
            record.PolicyStopReason ??= evaluation.StopReason;
        }, cancellationToken);
        return run is null ? null : new PolicyResult(run, asked);
    }

    /// <summary>A human approved or denied one of the run's pending approvals. Null when the run does not exist.</summary>
    public async Task<ApprovalOutcome?> DecideApprovalAsync(string runId, int approvalId, ApprovalStatus decision, string by, CancellationToken cancellationToken)
    {
        if (decision == ApprovalStatus.Pending)
        {
            throw new ArgumentOutOfRangeException(nameof(decision), "A decision is approved or denied.");
        }

        (Approval? Approval, bool Decided) result = (null, false);
        var run = await UpdateRunAsync(runId, record => result = RecordMapper.DecideApproval(record, approvalId, decision, by, Now()), cancellationToken);
        return run is null ? null : new ApprovalOutcome(run, result.Approval, result.Decided);
    }

    /// <summary>The last <paramref name="count"/> steps of a run, in sequence order.</summary>
    public async Task<IReadOnlyList<Step>> GetRecentStepsAsync(string runId, int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var records = await db.Steps.AsNoTracking()
            .Where(s => s.RunId == runId)
            .OrderByDescending(s => s.Sequence).ThenByDescending(s => s.StepId)
            .Take(Math.Max(0, count))
            .ToListAsync(cancellationToken);
        return records.Select(RecordMapper.ToStep).OrderBy(s => s.Sequence).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Steps before <paramref name="beforeSequence"/> that ran a command or a verifier (what "required verifiers" look for).</summary>
    public async Task<IReadOnlyList<Step>> GetCheckStepsAsync(string runId, long beforeSequence, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var records = await db.Steps.AsNoTracking()
            .Where(s => s.RunId == runId && s.Sequence < beforeSequence && (s.Command != null || s.VerifierJson != null))
            .OrderBy(s => s.Sequence)
            .ToListAsync(cancellationToken);
        return records.Select(RecordMapper.ToStep).ToArray();
    }

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    public async Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            runs = runs.Where(r => r.Status == query.Status);
        }

        if (!string.IsNullOrWhiteSpace(query.Agent))
        {
            // As the list and the overview name a run's agent: its name, else its trace format.
            runs = runs.Where(r => r.AgentName == query.Agent || (r.AgentName == null && r.SourceFormat == query.Agent));
        }

        if (!string.IsNullOrWhiteSpace(query.Project))
        {
            runs = runs.Where(r => r.Project == query.Project);
        }

        if (!string.IsNullOrWhiteSpace(query.Outcome))
        {
            runs = runs.Where(r => r.Outcome == query.Outcome);
        }

        if (!string.IsNullOrWhiteSpace(query.Model))
        {
            var firstOfSeveral = EscapeLike(query.Model) + ",%";
            runs = runs.Where(r => r.Models == query.Model || EF.Functions.Like(r.Models!, firstOfSeveral, "\\"));
        }

        if (query.From is { } from)
        {
            var fromMs = DayStartMs(from);
            runs = runs.Where(r => (r.StartedAtMs ?? r.CreatedAtMs) >= fromMs);
        }

        if (query.To is { } to)
        {
            var toMs = DayStartMs(to.AddDays(1));
            runs = runs.Where(r => (r.StartedAtMs ?? r.CreatedAtMs) < toMs);
        }

        if (query.Finished is { } finished)
        {
            runs = finished ? runs.Where(r => r.Status != "running") : runs.Where(r => r.Status == "running");
        }

        if (query.Claimed is { } claimed)
        {
            // VerificationJson holds only booleans and numbers; the analysis wrote it, not the agent.
            const string claimedDone = "%\"claimedDone\":true%";
            runs = claimed
                ? runs.Where(r => EF.Functions.Like(r.VerificationJson!, claimedDone))
                : runs.Where(r => r.VerificationJson == null || !EF.Functions.Like(r.VerificationJson, claimedDone));
        }

        if (query.Finding is { } kind)
        {
            // FindingsJson holds findings serialised with "kind" (the enum's number) first; JSON escapes quotes inside
            // strings, so agent text cannot forge the pattern.
            var pattern = $"%\"kind\":{(int)kind},%";
            runs = runs.Where(r => EF.Functions.Like(r.FindingsJson!, pattern));
        }

        if (query.IsDemo is { } demo)
        {
            runs = runs.Where(r => r.IsDemo == demo);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var pattern = "%" + EscapeLike(query.Text.Trim()) + "%";
            runs = runs.Where(r => EF.Functions.Like(r.Id, pattern, "\\")
                || EF.Functions.Like(r.TaskTitle!, pattern, "\\")
                || EF.Functions.Like(r.AgentName!, pattern, "\\")
                || EF.Functions.Like(r.Project!, pattern, "\\")
                || EF.Functions.Like(r.Repository!, pattern, "\\"));
        }

        var total = await runs.CountAsync(cancellationToken);
        var items = await runs
            .OrderByDescending(r => r.StartedAtMs ?? r.CreatedAtMs)
            .ThenBy(r => r.Id)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 500))
            .ToListAsync(cancellationToken);
        return new RunPage(items, total);
    }

    /// <summary>Distinct values for the list filters.</summary>
    public async Task<IReadOnlyList<string>> DistinctAgentsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().Where(r => r.AgentName != null).Select(r => r.AgentName!).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DistinctProjectsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().Where(r => r.Project != null).Select(r => r.Project!).Distinct().OrderBy(p => p).ToListAsync(cancellationToken);
    }

    /// <summary>Steps of a run in sequence order, a page at a time.</summary>
    public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(string runId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Steps.AsNoTracking()
            .Where(s => s.RunId == runId)
            .OrderBy(s => s.Sequence).ThenBy(s => s.StepId)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 100_000))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Every step of a run in sequence order without its text: what the run detail panels (files, verifiers, cost, team,
    /// waterfall) need, at a fraction of the bytes of the bounded input and output.
    /// </summary>
    public async Task<IReadOnlyList<StepRecord>> GetStepOutlinesAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Steps.AsNoTracking()
            .Where(s => s.RunId == runId)
            .OrderBy(s => s.Sequence).ThenBy(s => s.StepId)
            .Select(s => new StepRecord
            {
                RunId = s.RunId,
                StepId = s.StepId,
                Sequence = s.Sequence,
                Kind = s.Kind,
                ParentStepId = s.ParentStepId,
                Agent = s.Agent,
                Role = s.Role,
                TimestampMs = s.TimestampMs,
                DurationMs = s.DurationMs,
                Name = s.Name,
                Model = s.Model,
                InputTokens = s.InputTokens,
                OutputTokens = s.OutputTokens,
                CacheReadTokens = s.CacheReadTokens,
                CacheWriteTokens = s.CacheWriteTokens,
                ReasoningTokens = s.ReasoningTokens,
                CostUsd = s.CostUsd,
                CostProvenance = s.CostProvenance,
                Command = s.Command,
                ExitCode = s.ExitCode,
                IsError = s.IsError,
                FilesJson = s.FilesJson,
                VerifierJson = s.VerifierJson,
                Truncated = s.Truncated,
            })
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many steps of a run contain the text (case-insensitive) in their text, command, tool name, files, model or kind.</summary>
    public async Task<int> CountStepsMatchingAsync(string runId, string text, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await StepsMatching(db, runId, text).CountAsync(cancellationToken);
    }

    /// <summary>The steps of a run that contain the text, in sequence order, a page at a time.</summary>
    public async Task<IReadOnlyList<StepRecord>> GetStepsMatchingAsync(string runId, string text, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await StepsMatching(db, runId, text)
            .OrderBy(s => s.Sequence).ThenBy(s => s.StepId)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 100_000))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The position of a step in the run's ordered steps (or among those matching the text): how many come before the
    /// first step with that sequence. Lets a page scroll a virtualized list straight to one step.
    /// </summary>
    public async Task<int> CountStepsBeforeAsync(string runId, long sequence, string? text, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var steps = string.IsNullOrWhiteSpace(text) ? db.Steps.AsNoTracking().Where(s => s.RunId == runId) : StepsMatching(db, runId, text);
        return await steps.CountAsync(s => s.Sequence < sequence, cancellationToken);
    }

    /// <summary>Runs whose parent is the given run (sub-agents of a multi-agent run), oldest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> GetChildRunsAsync(string parentRunId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking()
            .Where(r => r.ParentRunId == parentRunId)
            .OrderBy(r => r.StartedAtMs ?? r.CreatedAtMs).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<Trace?> LoadTraceAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var steps = await db.Steps.AsNoTracking().Where(s => s.RunId == runId).ToListAsync(cancellationToken);
        return Trace.Create(RecordMapper.ToRun(record), steps.Select(RecordMapper.ToStep));
    }

    public async Task<bool> AnyRunsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AnyAsync(cancellationToken);
    }

    private async Task<RunRecord?> UpdateRunAsync(string runId, Action<RunRecord> change, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var record = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
            if (record is null)
            {
                return null;
            }

            change(record);
            record.UpdatedAtMs = Now();
            await db.SaveChangesAsync(cancellationToken);
            notifier.Publish(runId);
            return record;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private RunRecord NewRecord(Run run)
    {
        var now = Now();
        var record = new RunRecord
        {
            Id = run.Id,
            SourceFormat = run.SourceFormat,
            Status = run.Status.ToWire(),
            CostProvenance = CostProvenance.Unknown.ToWire(),
            CreatedAtMs = now,
            UpdatedAtMs = now,
            IsDemo = run.IsDemo,
        };
        ApplyHeader(record, run);
        return record;
    }

    private static void ApplyHeader(RunRecord record, Run run)
    {
        record.SourceFormat = run.SourceFormat;
        record.AgentName = run.AgentName ?? record.AgentName;
        record.AgentVersion = run.AgentVersion ?? record.AgentVersion;
        record.Project = run.Project ?? record.Project;
        record.Repository = run.Repository ?? record.Repository;
        record.Branch = run.Branch ?? record.Branch;
        record.TaskTitle = run.TaskTitle ?? record.TaskTitle;
        record.TaskObjective = run.TaskObjective ?? record.TaskObjective;
        record.StartedAtMs = run.StartedAt?.ToUnixTimeMilliseconds() ?? record.StartedAtMs;
        record.EndedAtMs = run.EndedAt?.ToUnixTimeMilliseconds() ?? record.EndedAtMs;
        if (run.Status != RunStatus.Unknown)
        {
            record.Status = run.Status.ToWire();
        }

        record.ExitReason = run.ExitReason ?? record.ExitReason;
        record.ParentRunId = run.ParentRunId ?? record.ParentRunId;
        record.AgentRole = run.AgentRole ?? record.AgentRole;
        record.BudgetJson = RecordMapper.BudgetJson(run.Budget) ?? record.BudgetJson;
        record.IsDemo = run.IsDemo || record.IsDemo;
        // A later batch of the same run (OTLP, a re-import) without totals must not erase the ones reported before.
        if (!run.Tokens.IsZero)
        {
            record.ReportedInputTokens = run.Tokens.Input;
            record.ReportedOutputTokens = run.Tokens.Output;
            record.ReportedCacheReadTokens = run.Tokens.CacheRead;
            record.ReportedCacheWriteTokens = run.Tokens.CacheWrite;
            record.ReportedReasoningTokens = run.Tokens.Reasoning;
        }

        if (run.CostProvenance == CostProvenance.Reported && run.CostUsd is { } cost)
        {
            record.ReportedCostUsd = (double)cost;
        }
    }

    private static readonly string[] s_stepColumns = ["RunId", "StepId", "Sequence", "Kind", "ParentStepId", "Agent", "Role", "TimestampMs", "DurationMs",
        "Name", "Model", "InputTokens", "OutputTokens", "CacheReadTokens", "CacheWriteTokens", "ReasoningTokens", "CostUsd", "CostProvenance",
        "Command", "ExitCode", "IsError", "FilesJson", "VerifierJson", "Input", "Output", "Truncated"];

    // INSERT OR IGNORE on the (RunId, StepId) key is what makes a re-sent batch idempotent.
    private static readonly string s_insertOrIgnore =
        $"INSERT OR IGNORE INTO \"Steps\" ({string.Join(", ", s_stepColumns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", s_stepColumns.Select(c => "$" + c))})";

    // A re-imported file that has grown (`martin360 watch`) carries steps seen before in a more complete state
    // (a tool call whose result has arrived since): those rows are brought up to date; unchanged rows are not written.
    private static readonly string s_insertOrComplete =
        s_insertOrIgnore.Replace("INSERT OR IGNORE", "INSERT", StringComparison.Ordinal)
        + " ON CONFLICT (\"RunId\", \"StepId\") DO UPDATE SET "
        + string.Join(", ", s_stepColumns.Skip(2).Select(c => $"\"{c}\" = excluded.\"{c}\""))
        + " WHERE " + string.Join(" OR ", s_stepColumns.Skip(2).Select(c => $"\"Steps\".\"{c}\" IS NOT excluded.\"{c}\""));

    /// <summary>
    /// Inserts steps the run does not have yet; returns how many were new. With <paramref name="completeExisting"/>
    /// (imports), steps the run already has are updated where their content changed, and still count as duplicates.
    /// </summary>
    /// <summary>Inserts the steps the run does not have yet; returns those it stored for the first time.</summary>
    private static async Task<IReadOnlyList<Step>> InsertStepsAsync(Martin360DbContext db, string runId, IReadOnlyList<Step> steps, bool completeExisting, CancellationToken cancellationToken,
        AddedSteps? added = null)
    {
        if (steps.Count == 0)
        {
            return [];
        }

        // Raw prepared inserts on EF's own connection and transaction: the hot path of ingest.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        var known = completeExisting ? await StepIdsAsync(connection, transaction, runId, cancellationToken) : null;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = completeExisting ? s_insertOrComplete : s_insertOrIgnore;
        var p = command.Parameters;
        foreach (var name in s_stepColumns)
        {
            p.Add(new SqliteParameter("$" + name, null));
        }

        await command.PrepareAsync(cancellationToken);
        var inserted = new List<Step>();
        foreach (var step in steps)
        {
            var r = RecordMapper.ToRecord(runId, step);
            object?[] values = [r.RunId, r.StepId, r.Sequence, r.Kind, r.ParentStepId, r.Agent, r.Role, r.TimestampMs, r.DurationMs,
                r.Name, r.Model, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.CostUsd, r.CostProvenance,
                r.Command, r.ExitCode, r.IsError, r.FilesJson, r.VerifierJson, r.Input, r.Output, r.Truncated];
            for (var i = 0; i < values.Length; i++)
            {
                p[i].Value = values[i] ?? DBNull.Value;
            }

            var changed = await command.ExecuteNonQueryAsync(cancellationToken);
            var isNew = known is null ? changed > 0 : known.Add(r.StepId);
            if (isNew)
            {
                inserted.Add(step);
                added?.Add(r);
            }
        }

        return inserted;
    }

    private static async Task<HashSet<string>> StepIdsAsync(SqliteConnection connection, SqliteTransaction? transaction, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """SELECT "StepId" FROM "Steps" WHERE "RunId" = $run""";
        command.Parameters.AddWithValue("$run", runId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Totals from the stored steps (the header's own totals win where it reported any).</summary>
    private static async Task RecomputeTotalsAsync(Martin360DbContext db, RunRecord record, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            SELECT COUNT(*), COALESCE(SUM("InputTokens"), 0), COALESCE(SUM("OutputTokens"), 0), COALESCE(SUM("CacheReadTokens"), 0),
                   COALESCE(SUM("CacheWriteTokens"), 0), COALESCE(SUM("ReasoningTokens"), 0), SUM("CostUsd"),
                   COALESCE(SUM(CASE WHEN "CostUsd" IS NULL AND ("InputTokens" + "OutputTokens" + "CacheReadTokens" + "CacheWriteTokens") > 0 THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN "CostProvenance" = 'computed' THEN 1 ELSE 0 END), 0),
                   MIN("TimestampMs"),
                   (SELECT group_concat("Model", ',') FROM (SELECT DISTINCT "Model" FROM "Steps" WHERE "RunId" = $run AND "Model" IS NOT NULL ORDER BY "Model"))
            FROM "Steps" WHERE "RunId" = $run
            """;
        command.Parameters.AddWithValue("$run", record.Id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        record.StepCount = reader.GetInt32(0);
        var reported = record.ReportedInputTokens + record.ReportedOutputTokens + record.ReportedCacheReadTokens + record.ReportedCacheWriteTokens > 0;
        record.InputTokens = reported ? record.ReportedInputTokens : reader.GetInt64(1);
        record.OutputTokens = reported ? record.ReportedOutputTokens : reader.GetInt64(2);
        record.CacheReadTokens = reported ? record.ReportedCacheReadTokens : reader.GetInt64(3);
        record.CacheWriteTokens = reported ? record.ReportedCacheWriteTokens : reader.GetInt64(4);
        record.ReasoningTokens = reported ? record.ReportedReasoningTokens : reader.GetInt64(5);
        record.TotalTokens = record.InputTokens + record.OutputTokens + record.CacheReadTokens + record.CacheWriteTokens;
        double? stepCost = reader.IsDBNull(6) ? null : reader.GetDouble(6);
        var unpricedSteps = reader.GetInt64(7);
        var computedSteps = reader.GetInt64(8);
        if (record.ReportedCostUsd is { } reportedCost)
        {
            record.CostUsd = reportedCost;
            record.CostProvenance = CostProvenance.Reported.ToWire();
        }
        else
        {
            record.CostUsd = stepCost;
            record.CostProvenance = StepCostProvenance(stepCost, unpricedSteps, computedSteps);
        }

        if (!reader.IsDBNull(9) && record.StartedAtMs is null)
        {
            record.StartedAtMs = reader.GetInt64(9);
        }

        record.Models = reader.IsDBNull(10) ? null : reader.GetString(10);
    }

    private static string StepCostProvenance(double? stepCost, long unpricedSteps, long computedSteps) => (stepCost, unpricedSteps, computedSteps) switch
    {
        (null, _, _) => CostProvenance.Unknown.ToWire(),
        (_, > 0, _) => CostProvenance.Unknown.ToWire(),
        (_, _, > 0) => CostProvenance.Computed.ToWire(),
        _ => CostProvenance.Reported.ToWire(),
    };

    /// <summary>
    /// The totals of <see cref="RecomputeTotalsAsync"/> moved by the steps just added, without reading the run's
    /// other steps. False when the record cannot tell: an unknown step cost over earlier steps may come from a
    /// step without a price (stays unknown) or from no cost at all (may become known), which only a recount shows.
    /// </summary>
    private static bool TryAddTotals(RunRecord record, AddedSteps added)
    {
        var priorUnknown = record.CostProvenance == CostProvenance.Unknown.ToWire();
        if (record.ReportedCostUsd is null && priorUnknown && record.StepCount > 0)
        {
            return false;
        }

        record.StepCount += added.Count;
        var reported = record.ReportedInputTokens + record.ReportedOutputTokens + record.ReportedCacheReadTokens + record.ReportedCacheWriteTokens > 0;
        if (!reported)
        {
            record.InputTokens += added.InputTokens;
            record.OutputTokens += added.OutputTokens;
            record.CacheReadTokens += added.CacheReadTokens;
            record.CacheWriteTokens += added.CacheWriteTokens;
            record.ReasoningTokens += added.ReasoningTokens;
            record.TotalTokens = record.InputTokens + record.OutputTokens + record.CacheReadTokens + record.CacheWriteTokens;
        }

        if (record.ReportedCostUsd is null)
        {
            var stepCost = (record.CostUsd, added.CostUsd) switch
            {
                (null, null) => (double?)null,
                var (a, b) => (a ?? 0) + (b ?? 0),
            };
            var computed = added.ComputedSteps + (record.CostProvenance == CostProvenance.Computed.ToWire() ? 1 : 0);
            record.CostUsd = stepCost;
            record.CostProvenance = StepCostProvenance(stepCost, added.UnpricedSteps, computed);
        }

        if (record.StartedAtMs is null && added.FirstTimestampMs is { } first)
        {
            record.StartedAtMs = first;
        }

        if (added.Models.Count > 0)
        {
            var models = new SortedSet<string>(added.Models, StringComparer.Ordinal);
            models.UnionWith(record.Models?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []);
            record.Models = string.Join(',', models);
        }

        return true;
    }

    /// <summary>Records that secrets were taken out, and where, so a reader knows the stored text is not verbatim.</summary>
    private static void AddRedactions(RunRecord record, IReadOnlyList<SecretRedaction> redactions)
    {
        if (redactions.Count == 0)
        {
            return;
        }

        var all = record.RedactionsJson is null ? [] : JsonSerializer.Deserialize<List<SecretRedaction>>(record.RedactionsJson, IngestJson.Options) ?? [];
        all.AddRange(redactions);
        record.Redactions = all.Sum(r => r.Count);
        record.RedactionsJson = JsonSerializer.Serialize(all, IngestJson.Options);
    }

    private static IQueryable<StepRecord> StepsMatching(Martin360DbContext db, string runId, string text)
    {
        var pattern = "%" + EscapeLike(text.Trim()) + "%";
        return db.Steps.AsNoTracking().Where(s => s.RunId == runId && (
            EF.Functions.Like(s.Input!, pattern, "\\")
            || EF.Functions.Like(s.Output!, pattern, "\\")
            || EF.Functions.Like(s.Command!, pattern, "\\")
            || EF.Functions.Like(s.Name!, pattern, "\\")
            || EF.Functions.Like(s.FilesJson!, pattern, "\\")
            || EF.Functions.Like(s.Model!, pattern, "\\")
            || EF.Functions.Like(s.Agent!, pattern, "\\")
            || EF.Functions.Like(s.Kind, pattern, "\\")));
    }

    private static long DayStartMs(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>An append waiting for its group's commit.</summary>
    private sealed class PendingAppend(string runId, PreparedTrace prepared)
    {
        public string RunId { get; } = runId;
        public PreparedTrace Prepared { get; } = prepared;
        public TaskCompletionSource<AppendOutcome?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
