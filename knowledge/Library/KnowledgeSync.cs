using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// Runs <see cref="KnowledgeLibrary.SyncAsync"/> every <see cref="KnowledgeOptions.SyncSeconds"/>, so that an instance
/// follows what other instances publish, retire and delete in the shared knowledge database. The poll is the guarantee;
/// <see cref="Nudge"/> (a notice from another instance) only makes the next sync come sooner. A failing sync (the index
/// or the database unreachable) is logged once as a warning and retried every interval; answers meanwhile come from
/// what the instance has, and the lexical fallback when the index is down.
/// </summary>
public sealed partial class KnowledgeSync(KnowledgeLibrary library, IOptions<KnowledgeOptions> options, TimeProvider time, ILogger<KnowledgeSync> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _nudged = new(0, 1);

    /// <summary>Asks for a sync now instead of at the next interval (repeated nudges before it runs make one sync).</summary>
    public void Nudge()
    {
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // One is already pending.
        }
    }

    public override void Dispose()
    {
        _nudged.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SyncSeconds);
        DateTimeOffset? failingSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Wall-clock pacing, as the other pollers: the interval is not a time the sync reasons about.
                await _nudged.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
                await library.SyncAsync(stoppingToken).ConfigureAwait(false);
                if (failingSince is { } since)
                {
                    var outage = time.GetUtcNow() - since;
                    LogRecovered(logger, outage);
                    failingSince = null;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever failed is retried next interval; the instance keeps serving what it has.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (failingSince is null)
                {
                    failingSince = time.GetUtcNow();
                    LogFailed(logger, exception, interval.TotalSeconds);
                }
                else
                {
                    LogStillFailing(logger, exception.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The knowledge base could not be brought in line with the knowledge database; retrying every {Seconds} s, answering from what this instance has meanwhile")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The knowledge sync still fails: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The knowledge sync works again after {Outage}")]
    private static partial void LogRecovered(ILogger logger, TimeSpan outage);
}
