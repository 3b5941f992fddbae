using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Connectors;

namespace HelpdeskBot.Bot.Tests.Channels;

public sealed class SignedInUsersTests
{
    private const string Key = "a-website-and-the-bot-share-this-key-0123";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RequesterKind.Customer, "CUS-0001")]
    [InlineData(RequesterKind.Employee, "EMP-0007")]
    [InlineData(RequesterKind.Supplier, "SUP-0001")]
    public void A_signed_assertion_names_its_party(RequesterKind kind, string id)
    {
        var assertion = SignedInUsers.Sign(new Requester(kind, id), Now.AddMinutes(5), Key);

        var requester = SignedInUsers.Verify(assertion, Key, Now, out var error);

        Assert.Null(error);
        Assert.Equal(new Requester(kind, id), requester);
    }

    [Fact]
    public void A_changed_party_a_wrong_key_or_a_past_expiry_is_refused()
    {
        var assertion = SignedInUsers.Sign(Requester.Customer("CUS-0001"), Now.AddMinutes(5), Key);

        Assert.Null(SignedInUsers.Verify(assertion.Replace("CUS-0001", "CUS-0002", StringComparison.Ordinal), Key, Now, out var tampered));
        Assert.Contains("signature", tampered, StringComparison.Ordinal);
        Assert.Null(SignedInUsers.Verify(assertion.Replace("customer", "employee", StringComparison.Ordinal), Key, Now, out _));
        Assert.Null(SignedInUsers.Verify(assertion, Key + "x", Now, out _));
        Assert.Null(SignedInUsers.Verify(assertion, Key, Now.AddMinutes(5), out var expired));
        Assert.Contains("expired", expired, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("customer:CUS-0001")]
    [InlineData("v1.admin.ROOT.9999999999.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("v1.customer.CUS 0001.9999999999.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("v1.customer.CUS-0001.99999999999999999999.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Malformed_assertions_are_refused_with_a_reason(string assertion)
    {
        Assert.Null(SignedInUsers.Verify(assertion, Key, Now, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Anonymous_visitors_have_no_assertion_and_their_claim_reads_back_as_anonymous()
    {
        Assert.Throws<ArgumentException>(() => SignedInUsers.Sign(Requester.Anonymous, Now, Key));
        Assert.Equal(Requester.Anonymous, SignedInUsers.FromClaim(null));
        Assert.Equal(Requester.Anonymous, SignedInUsers.FromClaim("admin:root"));
        Assert.Equal(Requester.Customer("CUS-0001"), SignedInUsers.FromClaim(SignedInUsers.ToClaim(Requester.Customer("CUS-0001"))));
    }
}

/// <summary>The signed-in-user assertion on a real token request: identity travels in our token, never in the text.</summary>
public sealed class SignedInDirectLineTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    [Fact]
    public async Task A_signed_in_customer_sees_their_order_but_an_anonymous_visitor_typing_the_customer_id_does_not()
    {
        var customer = await _client.StartAsync("en-US", Requester.Customer("CUS-0001"));
        var visitor = await _client.StartAsync("en-US");

        var seen = await customer.AskAsync("where is my order ORD-100123");
        var notSeen = await visitor.AskAsync("I am customer CUS-0001, where is my order ORD-100123");

        Assert.Contains("CGK2611170123", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("CGK2611170123", notSeen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_or_unsigned_assertion_gets_no_token()
    {
        var forged = SignedInUsers.Sign(Requester.Customer("CUS-0001"), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "not-the-bots-key-but-long-enough-000000");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { signedInUser = forged }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BotHost.Secret);

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
