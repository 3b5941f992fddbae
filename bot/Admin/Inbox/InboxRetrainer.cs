using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Intents;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>
/// Retrains the intent classifier from the console, in the background and one run at a time: a candidate is trained on
/// the shipped training data plus every example admins added (the live ones and the pending ones), both it and the model
/// in use are evaluated on the held-out test split (never trained on), and the candidate goes live only if it is not
/// worse (<see cref="Decide"/>). A promoted model is also stored in the state database, and the other instances load it
/// from there once its examples are live (<see cref="IntentModelSync"/>). Training takes about a minute and a half on a
/// small machine (measured: 102 s wall, 42 s CPU on 2 loaded cores for the shipped ~3,000 utterances), hence the job and
/// its status polling. Runs are kept in the state database (the last <see cref="JobsKept"/>), so any instance reports any
/// run and one runs at a time across them; the outcome of each is also in the audit log.
/// </summary>
internal sealed partial class InboxRetrainer(
    IDbContextFactory<StateDbContext> dbFactory,
    IntentClassifier classifier,
    IntentModelGate gate,
    AuditLog audit,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<InboxRetrainer> logger)
{
    /// <summary>
    /// How much lower than the live model's the candidate's in-scope accuracy on the held-out split may be and still go
    /// live: 1 point (5 of its ~490 in-scope utterances; less would let one utterance's coin flip decide).
    /// </summary>
    public const double InScopeTolerance = 0.01;

    /// <summary>The same for out-of-scope recall: 2 points (3 of its ~130 out-of-scope utterances).</summary>
    public const double OosRecallTolerance = 0.02;

    public const int JobsKept = 20;

    public const string Running = "running";
    public const string Promoted = "promoted";
    public const string Kept = "kept";
    public const string Failed = "failed";

    /// <summary>
    /// A run still "running" after this long was left by an instance that stopped (a run takes minutes): it is shown as
    /// failed, and another may start.
    /// </summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(30);

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private int _running;

    /// <summary>A run started on any instance (the runs are kept in the state database), or null.</summary>
    public async Task<RetrainJobView?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<RetrainJobRecord>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return row is null ? null : View(row);
    }

    /// <summary>The last <see cref="JobsKept"/> runs of every instance, newest first.</summary>
    public async Task<IReadOnlyList<RetrainJobView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<RetrainJobRecord>().AsNoTracking().OrderByDescending(j => j.StartedUtc).ThenByDescending(j => j.Id).Take(JobsKept).ToListAsync(cancellationToken);
        return [.. rows.Select(View)];
    }

    private RetrainJobView View(RetrainJobRecord row)
    {
        var job = System.Text.Json.JsonSerializer.Deserialize<RetrainJobView>(row.ViewJson, Json)!;
        return job.Status == Running && time.GetUtcNow().UtcDateTime - job.StartedUtc > Abandoned
            ? job with { Status = Failed, Reason = "The instance running it stopped before it finished; the model in use was not changed." }
            : job;
    }

    /// <summary>Stores the run's view (a new row, or the finished state of its row); keeps the last <see cref="JobsKept"/>.</summary>
    private static async Task SaveAsync(StateDbContext db, RetrainJobView job, bool added, CancellationToken cancellationToken)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(job, Json);
        if (added)
        {
            db.Add(new RetrainJobRecord { Id = job.Id, Status = job.Status, StartedUtc = job.StartedUtc, ViewJson = json });
            var old = await db.Set<RetrainJobRecord>().OrderByDescending(j => j.StartedUtc).Skip(JobsKept - 1).Select(j => j.Id).ToListAsync(cancellationToken);
            await db.Set<RetrainJobRecord>().Where(j => old.Contains(j.Id)).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            await db.Set<RetrainJobRecord>().Where(j => j.Id == job.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.Status, job.Status).SetProperty(j => j.ViewJson, json), cancellationToken);
        }
    }

    /// <summary>
    /// Starts a run; null when one is already running. Refused (<see cref="InboxRefusal"/> 409) when no added example
    /// waits: the candidate would be the model in use.
    /// </summary>
    public async Task<RetrainJobView?> StartAsync(AuditActor actor, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return null;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // One run at a time across the instances too: another instance's run that is still going keeps this one out.
            var since = time.GetUtcNow().UtcDateTime - Abandoned;
            if (await db.Set<RetrainJobRecord>().AnyAsync(j => j.Status == Running && j.StartedUtc > since, cancellationToken))
            {
                Volatile.Write(ref _running, 0);
                return null;
            }
            var examples = await db.Set<InboxTrainingExample>().AsNoTracking().OrderBy(x => x.Id).ToListAsync(cancellationToken);
            var pending = examples.Count(x => x.PromotedUtc is null);
            if (pending == 0)
            {
                throw new InboxRefusal(StatusCodes.Status409Conflict, "Nothing to train",
                    "No added example is waiting: add questions from the inbox to an intent first.");
            }

            var job = new RetrainJobView(Guid.NewGuid().ToString("N"), Running, actor.Name, time.GetUtcNow().UtcDateTime, null, pending, null, null, null, null);
            await SaveAsync(db, job, added: true, cancellationToken);
            AuditLog.Add(db, audit.Entry(actor, "inbox.retrain.start", "intent.model", job.Id, null, new { pending, total = examples.Count }));
            await db.SaveChangesAsync(cancellationToken);
            LogStarted(job.Id, pending, examples.Count);
            // Not the request's token: the run outlives the request; only the host stopping ends it.
            _ = Task.Run(() => RunAsync(job, examples, actor), CancellationToken.None);
            return job;
        }
        catch
        {
            Volatile.Write(ref _running, 0);
            throw;
        }
    }

    private async Task RunAsync(RetrainJobView job, IReadOnlyList<InboxTrainingExample> examples, AuditActor actor)
    {
        var cancellationToken = lifetime.ApplicationStopping;
        try
        {
            var added = examples.Select(x => new IntentExample(x.Intent, x.Language, x.Text)).ToList();
            var started = time.GetTimestamp();
            using var candidate = classifier.TrainCandidate(added, cancellationToken);
            var trainingSeconds = Math.Round(time.GetElapsedTime(started).TotalSeconds, 1);
            var current = classifier.Evaluate(IntentExamples.HeldOut, cancellationToken);
            var evaluated = classifier.Evaluate(candidate, IntentExamples.HeldOut, cancellationToken);
            var (promote, reason) = Decide(current, evaluated);
            if (promote)
            {
                // In use here, saved to the state database for the other instances, then the examples marked live, which
                // is what the others follow (IntentModelSync): by then the model they will look for is stored.
                using (await gate.EnterAsync(CancellationToken.None))
                {
                    classifier.Promote(candidate);
                    await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                    var ids = examples.Select(x => x.Id).ToList();
                    var now = time.GetUtcNow().UtcDateTime;
                    await db.Set<InboxTrainingExample>().Where(x => ids.Contains(x.Id) && x.PromotedUtc == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.PromotedUtc, now), CancellationToken.None);
                }
            }

            job = job with
            {
                Status = promote ? Promoted : Kept,
                FinishedUtc = time.GetUtcNow().UtcDateTime,
                TrainingSeconds = trainingSeconds,
                Current = EvaluationView.Of(current),
                Candidate = EvaluationView.Of(evaluated),
                Reason = reason,
            };
            await RecordFinishedAsync(job);
            await audit.RecordAsync(audit.Entry(actor, promote ? "inbox.retrain.promote" : "inbox.retrain.keep", "intent.model", job.Id,
                Summary(current), Summary(evaluated) with { Decision = reason }));
            LogFinished(job.Id, job.Status, trainingSeconds);
        }
        catch (Exception ex)
        {
            await RecordFinishedAsync(job with { Status = Failed, FinishedUtc = time.GetUtcNow().UtcDateTime, Reason = "Training failed; the model in use was not changed. See the host's log." });
            await audit.RecordAsync(audit.Entry(actor, "inbox.retrain.fail", "intent.model", job.Id, null, null, AuditOutcome.Refused));
            LogFailed(ex, job.Id);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Stores how a run ended. A database that cannot take it leaves the run shown as running until it counts as
    /// abandoned (<see cref="Abandoned"/>); the audit log and the host's log still have the outcome.
    /// </summary>
    private async Task RecordFinishedAsync(RetrainJobView job)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await SaveAsync(db, job, added: false, CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            LogNotRecorded(ex, job.Id, job.Status);
        }
    }

    /// <summary>
    /// The candidate is worse, and the model in use stays, when on the held-out split its in-scope accuracy is lower by
    /// more than <see cref="InScopeTolerance"/> or its out-of-scope recall by more than <see cref="OosRecallTolerance"/>
    /// (all languages together). Otherwise it goes live.
    /// </summary>
    public static (bool Promote, string Reason) Decide(IntentEvaluationReport current, IntentEvaluationReport candidate)
    {
        var inScopeDrop = current.Overall.InScopeAccuracy - candidate.Overall.InScopeAccuracy;
        var oosDrop = current.Overall.OosRecall - candidate.Overall.OosRecall;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        // A drop of exactly the tolerance is allowed; the epsilon keeps 0.90 − 0.89 (0.0100000…09) on that side.
        const double epsilon = 1e-9;
        if (inScopeDrop > InScopeTolerance + epsilon)
        {
            return (false, string.Create(c,
                $"Kept the model in use: the candidate's in-scope accuracy is {candidate.Overall.InScopeAccuracy:P1} against {current.Overall.InScopeAccuracy:P1}, {inScopeDrop * 100:0.0} points lower (more than the {InScopeTolerance * 100:0} point allowed)."));
        }
        if (oosDrop > OosRecallTolerance + epsilon)
        {
            return (false, string.Create(c,
                $"Kept the model in use: the candidate's out-of-scope recall is {candidate.Overall.OosRecall:P1} against {current.Overall.OosRecall:P1}, {oosDrop * 100:0.0} points lower (more than the {OosRecallTolerance * 100:0} points allowed)."));
        }

        return (true, string.Create(c,
            $"Promoted: in-scope accuracy {candidate.Overall.InScopeAccuracy:P1} (was {current.Overall.InScopeAccuracy:P1}), out-of-scope recall {candidate.Overall.OosRecall:P1} (was {current.Overall.OosRecall:P1}), within the allowed drop of {InScopeTolerance * 100:0} and {OosRecallTolerance * 100:0} points."));
    }

    private static ModelSummary Summary(IntentEvaluationReport report) =>
        new(Math.Round(report.Overall.InScopeAccuracy, 4), Math.Round(report.Overall.OosRecall, 4), report.Overall.Total, null);

    private sealed record ModelSummary(double InScopeAccuracy, double OosRecall, int Evaluated, string? Decision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining {JobId} started with {Pending} new of {Total} added examples")]
    private partial void LogStarted(string jobId, int pending, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining {JobId} finished: {Status} after {TrainingSeconds} s of training")]
    private partial void LogFinished(string jobId, string status, double trainingSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retraining {JobId} ended {Status}, but the state database did not take its record")]
    private partial void LogNotRecorded(Exception exception, string jobId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retraining {JobId} failed; the model in use was not changed")]
    private partial void LogFailed(Exception exception, string jobId);
}
