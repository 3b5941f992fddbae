using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>
/// Runs the retention purge shortly after the host starts and then every <see cref="RetentionOptions.Interval"/>, on the
/// injected clock. Every instance runs it; the purge is idempotent, so they need no coordination. A failed pass (the
/// database away) is logged and the next one tries again.
/// </summary>
internal sealed partial class RetentionJob(
    RetentionPurge purge, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }

        // Off the start path: the host serves while the first pass runs.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await purge.PurgeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or TimeoutException)
            {
                LogFailed(ex);
            }

            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Retention purge is disabled (Privacy:Retention:Enabled = false); data is kept until erased on request")]
    private partial void LogDisabled();

    [LoggerMessage(LogLevel.Warning, "Retention purge failed; retrying at the next interval")]
    private partial void LogFailed(Exception exception);
}
