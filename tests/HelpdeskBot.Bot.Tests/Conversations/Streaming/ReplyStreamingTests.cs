using System.Runtime.CompilerServices;
using HelpdeskBot.Bot.Conversations.Streaming;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Bot.Tests.Conversations.Streaming;

/// <summary>
/// How a streamed reply becomes its final message, whatever the channel: the completion's reply, or the fallback when
/// the text is blank or the completion throws; a cancelled request cancels rather than falling back.
/// </summary>
public sealed class ReplyStreamingTests
{
    private static readonly Reply Fallback = new("The complete fallback answer.") { Citation = "Fallback › Source" };

    private readonly FakeTimeProvider _time = new();

    private ReplyStreaming Streaming => new(_time, NullLogger<ReplyStreaming>.Instance);

    [Fact]
    public async Task Without_a_completion_the_final_message_is_the_carrying_reply_with_the_streamed_text()
    {
        var (final, _, _) = await Streaming.CompleteAsync(Reply.Streamed(Fallback, new StreamedText(Chunks("Hello ", "there."))), null, "en", default);

        Assert.Equal("Hello there.", final.Text);
        Assert.Equal("Fallback › Source", final.Citation);
        Assert.Null(final.Stream);
    }

    [Fact]
    public async Task A_completion_that_throws_gives_the_fallback()
    {
        var stream = new StreamedText(Chunks("Hello")) { Complete = (_, _) => throw new FormatException("unchecked number") };

        var (final, _, _) = await Streaming.CompleteAsync(Reply.Streamed(Fallback, stream), null, "en", default);

        Assert.Equal(Fallback.Text, final.Text);
        Assert.Null(final.Stream);
    }

    [Fact]
    public async Task A_completion_that_refuses_the_text_gives_the_fallback_followed_by_the_rest_of_the_fallback()
    {
        var rest = new Reply("The second quote.");
        var stream = new StreamedText(Chunks("Checked sentence. ", "Unchecked one.")) { Complete = (_, _) => null, FallbackRest = [rest] };

        var (final, then, _) = await Streaming.CompleteAsync(Reply.Streamed(Fallback, stream), null, "en", default);

        Assert.Equal(Fallback.Text, final.Text);
        Assert.Same(rest, Assert.Single(then));
    }

    [Fact]
    public async Task A_stream_that_throws_gives_the_fallback_followed_by_the_rest_and_a_completed_stream_gives_no_rest()
    {
        var rest = new Reply("The second quote.");
        var failing = new StreamedText(Throwing()) { FallbackRest = [rest] };
        var passing = new StreamedText(Chunks("All ", "good.")) { FallbackRest = [rest] };

        var (failed, afterFailure, _) = await Streaming.CompleteAsync(Reply.Streamed(Fallback, failing), null, "en", default);
        var (completed, afterSuccess, _) = await Streaming.CompleteAsync(Reply.Streamed(Fallback, passing), null, "en", default);

        Assert.Equal(Fallback.Text, failed.Text);
        Assert.Equal([rest], afterFailure);
        Assert.Equal("All good.", completed.Text);
        Assert.Empty(afterSuccess);
    }

    [Fact]
    public async Task A_stream_of_blank_text_gives_the_fallback_and_shows_nothing()
    {
        var channel = new RecordingChannel();

        var (final, _, _) = await Streaming.CompleteAsync(Reply.Streamed(Fallback, new StreamedText(Chunks(" ", "\n"))), channel, "en", default);

        Assert.Equal(Fallback.Text, final.Text);
        Assert.Empty(channel.Shown);
    }

    [Fact]
    public async Task A_cancelled_request_cancels_the_turn_instead_of_falling_back()
    {
        using var cancel = new CancellationTokenSource();
        var stream = new StreamedText(CancelAfterFirst(cancel));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Streaming.CompleteAsync(Reply.Streamed(Fallback, stream), new RecordingChannel(), "en", cancel.Token));
    }

    [Fact]
    public async Task A_reply_without_a_stream_is_returned_as_it_is()
    {
        var plain = new Reply("Plain.");

        var (final, _, view) = await Streaming.CompleteAsync(plain, new RecordingChannel(), "en", default);

        Assert.Same(plain, final);
        Assert.Null(view);
    }

    private static async IAsyncEnumerable<string> Chunks(params string[] chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }

    private static async IAsyncEnumerable<string> Throwing()
    {
        yield return "Half a ";
        await Task.Yield();
        throw new HttpRequestException("The model went away.");
    }

    private static async IAsyncEnumerable<string> CancelAfterFirst(CancellationTokenSource cancel, [EnumeratorCancellation] CancellationToken token = default)
    {
        yield return "Hello ";
        await cancel.CancelAsync();
        token.ThrowIfCancellationRequested();
        yield return "never";
    }

    private sealed class RecordingChannel : IReplyStreamChannel, IReplyStreamView
    {
        public List<string> Shown { get; } = [];

        public TimeSpan Interval => TimeSpan.Zero;

        public Task<IReplyStreamView?> StartAsync(string? informative, string language, CancellationToken cancellationToken) =>
            Task.FromResult<IReplyStreamView?>(this);

        public Task ShowAsync(string textSoFar, CancellationToken cancellationToken)
        {
            Shown.Add(textSoFar);
            return Task.CompletedTask;
        }

        public void Conclude(Activity final)
        {
        }
    }
}
