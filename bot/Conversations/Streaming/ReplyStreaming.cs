using System.ComponentModel.DataAnnotations;
using System.Text;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Conversations.Streaming;

/// <summary>How a channel shows streamed replies during one turn; null where it cannot (only the final message goes).</summary>
internal interface IReplyStreamChannel
{
    /// <summary>The shortest time between two updates of one stream (the channel's rate limit).</summary>
    TimeSpan Interval { get; }

    /// <summary>
    /// Starts showing one streamed reply. <paramref name="informative"/> is the producer's "working on it" text or null.
    /// Null: this stream is not shown (the channel refused it); its final message still goes out as a plain message.
    /// </summary>
    Task<IReplyStreamView?> StartAsync(string? informative, string language, CancellationToken cancellationToken);
}

/// <summary>One streamed reply as a channel shows it. Failures to deliver an update are the view's to absorb, not the turn's.</summary>
internal interface IReplyStreamView
{
    /// <summary>Shows the text written so far (cumulative, never a delta).</summary>
    Task ShowAsync(string textSoFar, CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="final"/> as the message that ends this stream.</summary>
    void Conclude(Activity final);
}

/// <summary>What the user is shown on Teams while a stream has no words yet, when the producer gave no text of its own.</summary>
internal static class ReplyStreamPhrases
{
    public static readonly Phrase Writing = new("stream.writing", "Writing the answer…", "Sedang menyusun jawaban…");
}

/// <summary>How often streamed replies are updated per channel (section <c>Streaming</c>).</summary>
public sealed class ReplyStreamingOptions
{
    public const string SectionName = "Streaming";

    /// <summary>Whether channels show replies growing at all; off, every streamed reply arrives as its final message only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Shortest time between two updates of a streamed reply in Web Chat (Direct Line).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan DirectLineInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Shortest time between two updates in a Teams personal chat (Teams throttles faster streams).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10")]
    public TimeSpan TeamsInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Turns a streamed reply into its final message while the channel shows it growing: the chunks are read to the end,
/// the text so far goes to the channel at most once per <see cref="IReplyStreamChannel.Interval"/>, and the final message
/// is the producer's completion of the whole text — or the reply's fallback when the stream throws, says nothing, or the
/// completion fails or refuses the text; the fallback then brings the replies that follow it
/// (<see cref="StreamedText.FallbackRest"/>). A cancelled request is not a failure: it cancels the turn.
/// </summary>
internal sealed partial class ReplyStreaming(TimeProvider time, ILogger<ReplyStreaming> logger)
{
    /// <returns>The message that ends the stream, the plain messages sent after it, and the channel's view of the stream.</returns>
    public async Task<(Reply Final, IReadOnlyList<Reply> Then, IReplyStreamView? View)> CompleteAsync(
        Reply reply, IReplyStreamChannel? channel, string language, CancellationToken cancellationToken)
    {
        if (reply.Stream is not { } stream)
        {
            return (reply, [], null);
        }

        var fallback = reply with { Stream = null };
        var rest = stream.FallbackRest;
        var view = channel is null ? null : await channel.StartAsync(stream.Informative, language, cancellationToken);
        var text = new StringBuilder();
        var shownLength = 0;
        long? shownAt = null;
        var chunks = stream.Chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await chunks.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogStreamFailed(ex, text.Length);
                    return (fallback, rest, view);
                }

                text.Append(chunks.Current);
                if (view is not null && text.Length > shownLength && !IsBlank(text)
                    && (shownAt is null || time.GetElapsedTime(shownAt.Value) >= channel!.Interval))
                {
                    shownLength = text.Length;
                    shownAt = time.GetTimestamp();
                    await view.ShowAsync(text.ToString(), cancellationToken);
                }
            }
        }
        finally
        {
            try
            {
                await chunks.DisposeAsync();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogStreamFailed(ex, text.Length);
            }
        }

        if (IsBlank(text))
        {
            LogStreamEmpty();
            return (fallback, rest, view);
        }

        try
        {
            var whole = text.ToString();
            var final = stream.Complete is { } complete ? complete(fallback, whole) : fallback with { Text = whole };
            if (final is null)
            {
                LogCompletionRefused(text.Length);
                return (fallback, rest, view);
            }

            return (final with { Stream = null }, [], view);
        }
        catch (Exception ex)
        {
            LogCompletionFailed(ex);
            return (fallback, rest, view);
        }
    }

    private static bool IsBlank(StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                return false;
            }
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A streamed reply failed after {Characters} characters; the fallback reply was sent")]
    private partial void LogStreamFailed(Exception exception, int characters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A streamed reply produced no text; the fallback reply was sent")]
    private partial void LogStreamEmpty();

    [LoggerMessage(Level = LogLevel.Information, Message = "A streamed reply's producer refused its text after {Characters} characters; the fallback reply was sent")]
    private partial void LogCompletionRefused(int characters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Completing a streamed reply failed; the fallback reply was sent")]
    private partial void LogCompletionFailed(Exception exception);
}

/// <summary>
/// The <c>streaminfo</c> marks of a livestream: an entity (Teams, newer Web Chat) and the same fields in channel data
/// (Web Chat 4.17–4.18 read them there). The first activity's id is the stream's id; sequences start at 1 and the final
/// message has none.
/// </summary>
internal static class StreamInfo
{
    public const string EntityType = "streaminfo";
    public const string Informative = "informative";
    public const string Streaming = "streaming";
    public const string Final = "final";

    public static Entity Entity(string streamType, string? streamId, int? sequence)
    {
        var data = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["streamType"] = System.Text.Json.JsonSerializer.SerializeToElement(streamType),
        };
        if (streamId is not null)
        {
            data["streamId"] = System.Text.Json.JsonSerializer.SerializeToElement(streamId);
        }
        if (sequence is { } n)
        {
            data["streamSequence"] = System.Text.Json.JsonSerializer.SerializeToElement(n);
        }
        return new Entity { Type = EntityType, ExtensionData = data };
    }

    public static System.Text.Json.JsonElement ChannelData(string streamType, string? streamId, int? sequence) =>
        System.Text.Json.JsonSerializer.SerializeToElement(new ChannelDataMarks(streamId, streamType, sequence), ProtocolJson.Options);

    private sealed record ChannelDataMarks(string? StreamId, string StreamType, int? StreamSequence);
}

/// <summary>Registration of streamed replies.</summary>
internal static class ReplyStreamingExtensions
{
    public static IHostApplicationBuilder AddReplyStreaming(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReplyStreamingOptions>()
            .BindConfiguration(ReplyStreamingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ReplyStreaming>();
        return builder;
    }
}
