using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework.Outbox;

/// <summary>
/// Delivers owed Bot Connector replies that no request is delivering: once when the host starts (what an instance that
/// stopped or was killed left behind) and then every <see cref="ConnectorOutboxOptions.SweepInterval"/> (rows whose back-off
/// is over, rows whose holder died once its lease has run out). Every instance sweeps; the leases keep them apart.
/// </summary>
internal sealed partial class ConnectorOutboxSweeper(
    ConnectorOutbox outbox, IOptions<ConnectorOutboxOptions> options, TimeProvider time, ILogger<ConnectorOutboxSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start path: the host serves while the first sweep runs.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var conversations = await outbox.SweepAsync(stoppingToken);
                if (conversations > 0)
                {
                    LogSwept(conversations);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or TimeoutException)
            {
                // The database is away: the next sweep tries again.
                LogSweepFailed(ex);
            }

            try
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox sweep delivered to {Conversations} conversations with owed replies")]
    private partial void LogSwept(int conversations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep failed; retrying at the next one")]
    private partial void LogSweepFailed(Exception exception);
}
