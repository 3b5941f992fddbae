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
