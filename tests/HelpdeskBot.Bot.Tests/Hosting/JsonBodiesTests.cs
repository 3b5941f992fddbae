using System.Text;
using HelpdeskBot.Bot.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HelpdeskBot.Bot.Tests.Hosting;

/// <summary>
/// The body reader on its own, with bodies that arrive a few bytes at a time (the pooled buffer grows) and bodies at the
/// limit and one byte past it, with and without a Content-Length.
/// </summary>
public sealed class JsonBodiesTests
{
    private const int Limit = 256 * 1024;

    private sealed record Probe(string Text);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_exactly_the_limit_is_read_whole(bool declared)
    {
        var json = Json(Limit);

        var (body, failure) = await JsonBodies.ReadAsync<Probe>(Request(json, declared, piece: 4093), CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal(Limit - """{"text":""}""".Length, body!.Text.Length);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 65_536)]
    [InlineData(true, 7)]
    public async Task A_body_one_byte_over_the_limit_is_413(bool declared, int piece)
    {
        var (body, failure) = await JsonBodies.ReadAsync<Probe>(Request(Json(Limit + 1), declared, piece), CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<ProblemHttpResult>(failure).StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task A_body_that_arrives_in_small_pieces_is_read_as_sent(int piece)
    {
        var text = string.Concat(Enumerable.Range(0, 3_000).Select(i => (char)('a' + i % 26))) + " é 你好";

        var (body, failure) = await JsonBodies.ReadAsync<Probe>(Request($$"""{"text":"{{text}}"}""", declared: false, piece), CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal(text, body!.Text);
    }

    [Fact]
    public async Task Bad_bodies_are_problems_not_exceptions()
    {
        var (_, empty) = await JsonBodies.ReadAsync<Probe>(Request("", declared: false, piece: 10), CancellationToken.None);
        var (_, malformed) = await JsonBodies.ReadAsync<Probe>(Request("""{"text":""", declared: true, piece: 3), CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<ProblemHttpResult>(empty).StatusCode);
        Assert.Equal("Empty body", Assert.IsType<ProblemHttpResult>(empty).ProblemDetails.Title);
        Assert.Equal("Malformed JSON", Assert.IsType<ProblemHttpResult>(malformed).ProblemDetails.Title);
    }

    /// <summary>A JSON body of exactly <paramref name="bytes"/> bytes.</summary>
    private static string Json(int bytes) => $$"""{"text":"{{new string('x', bytes - """{"text":""}""".Length)}}"}""";

    private static HttpRequest Request(string json, bool declared, int piece)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new Trickle(bytes, piece);
        if (declared)
        {
            context.Request.ContentLength = bytes.Length;
        }
        return context.Request;
    }

    /// <summary>A body stream that hands out at most <c>piece</c> bytes a read, as a slow client's body arrives.</summary>
    private sealed class Trickle(byte[] bytes, int piece) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }
}
