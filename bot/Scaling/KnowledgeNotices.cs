using HelpdeskBot.Knowledge.Library;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

internal static class KnowledgeNoticesExtensions
{
    /// <summary>
    /// With <c>Redis:Connection</c> set, an instance that changes the knowledge base tells the others, which then sync at
    /// once instead of at their next <c>Knowledge:SyncSeconds</c>. Without Redis nothing is registered: the poll alone
    /// brings every instance in line.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledgeNotices(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (redis.IsEnabled)
        {
            builder.Services.AddHostedService<KnowledgeNotices>();
        }

        return builder;
    }
}

/// <summary>
/// "The knowledge base changed" over one Redis pub/sub channel, carrying only the sender's instance id: the database is the
/// truth and the receiver runs its ordinary sync, so a lost notice costs only the wait until the next poll, and a notice
/// for a change that made no difference (a draft stored) costs one small query.
/// </summary>
internal sealed partial class KnowledgeNotices(RedisConnection redis, KnowledgeLibrary library, KnowledgeSync sync, ILogger<KnowledgeNotices> logger)
    : BackgroundService
{
    private const string ChannelName = "knowledge";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        library.Written += Announce;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        library.Written -= Announce;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var multiplexer = await redis.GetAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
        // Until the first subscription succeeds (Redis away at start); afterwards the client restores it after reconnects.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await multiplexer.GetSubscriber().SubscribeAsync(redis.Channel(ChannelName), (_, message) => Received(message)).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                redis.NoteUnavailable(ex);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void Announce(object? sender, EventArgs e)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            // Fire and forget: the admin's request does not wait for Redis.
            redis.GetAsync().Result.GetSubscriber().Publish(redis.Channel(ChannelName), redis.InstanceId, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            redis.NoteUnavailable(ex);
        }
    }

    private void Received(RedisValue message)
    {
        if ((string?)message == redis.InstanceId)
        {
            return;
        }

        LogNotice(logger);
        sync.Nudge();
    }

    [LoggerMessage(LogLevel.Debug, "Another instance changed the knowledge base; syncing now")]
    private static partial void LogNotice(ILogger logger);
}
