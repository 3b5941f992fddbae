using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Intents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>
/// The classifier's shared models (<see cref="ISharedIntentModels"/>) in the state database, table <c>IntentModels</c>:
/// a model retrained and promoted on one instance is loaded by the others (<see cref="IntentModelSync"/>) and by an
/// instance starting on a machine whose model cache lacks it, instead of each training it again (about a minute and a
/// half of CPU). A model is about 8 MB; the last <see cref="Kept"/> are kept.
/// </summary>
internal sealed class StateDatabaseIntentModels(IDbContextFactory<StateDbContext> dbFactory, TimeProvider time) : ISharedIntentModels
{
    public const int Kept = 3;

    public IntentModel? TryLoad(string fingerprint)
    {
        using var db = dbFactory.CreateDbContext();
        var bytes = db.Set<SharedIntentModel>().AsNoTracking().Where(m => m.Fingerprint == fingerprint).Select(m => m.Model).SingleOrDefault();
        if (bytes is null)
        {
            return null;
        }
        using var stream = new MemoryStream(bytes, writable: false);
        return IntentModel.Load(stream);
    }

    public void Save(string fingerprint, IntentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var db = dbFactory.CreateDbContext();
        if (db.Set<SharedIntentModel>().Any(m => m.Fingerprint == fingerprint))
        {
            return; // the same training data gives the same model; the first one saved stays
        }

        using var stream = new MemoryStream();
        model.Save(stream);
        db.Add(new SharedIntentModel { Fingerprint = fingerprint, Model = stream.ToArray(), SavedUtc = time.GetUtcNow().UtcDateTime });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException) when (db.Set<SharedIntentModel>().AsNoTracking().Any(m => m.Fingerprint == fingerprint))
        {
            return; // another instance saved it at the same moment
        }

        var old = db.Set<SharedIntentModel>().OrderByDescending(m => m.SavedUtc).Skip(Kept).Select(m => m.Fingerprint).ToList();
        db.Set<SharedIntentModel>().Where(m => old.Contains(m.Fingerprint)).ExecuteDelete();
    }
}

/// <summary>
/// One change of the model in use at a time on this instance: a promotion by this instance's retraining, or following
/// another instance's (<see cref="IntentModelSync"/>), so the follower never sees a half-finished promotion and swaps the
/// model back.
/// </summary>
internal sealed class IntentModelGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Exit(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

/// <summary>
/// Follows retraining done on other instances: every <see cref="InboxOptions.ModelSyncSeconds"/> it reads how many added
/// examples are live and when the last went live (one small query), and when that changed it has the classifier load the
/// model for the live examples (<see cref="IntentClassifier.Refresh"/>): from its cache, or from the state database where
/// the promoting instance saved it. The model in use answers until the new one is in place.
/// </summary>
internal sealed partial class IntentModelSync(
    IDbContextFactory<StateDbContext> dbFactory, IIntentClassifier classifier, IntentModelGate gate, IOptions<InboxOptions> options,
    ILogger<IntentModelSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (classifier is not IntentClassifier model)
        {
            return;
        }

        (int Count, DateTime? Last)? seen = null;
        var interval = TimeSpan.FromSeconds(options.Value.ModelSyncSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Wall-clock pacing, as the other pollers: the interval is not a time the check reasons about.
                await Task.Delay(interval, stoppingToken);
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                var live = db.Set<InboxTrainingExample>().Where(x => x.PromotedUtc != null);
                var mark = (await live.CountAsync(stoppingToken), await live.MaxAsync(x => x.PromotedUtc, stoppingToken));
                if (seen == mark)
                {
                    continue;
                }

                using (await gate.EnterAsync(stoppingToken))
                {
                    if (await Task.Run(() => model.Refresh(stoppingToken), stoppingToken))
                    {
                        LogFollowed(logger, mark.Item1, model.Model?.Source.ToString());
                    }
                }
                seen = mark;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Another instance promoted a retrained intent model ({LiveExamples} added examples live): now using it ({Source})")]
    private static partial void LogFollowed(ILogger logger, int liveExamples, string? source);

    [LoggerMessage(LogLevel.Warning, "Could not check for a retrained intent model; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
