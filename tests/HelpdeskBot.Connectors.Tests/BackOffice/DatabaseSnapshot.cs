using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Connectors.Tests.BackOffice;

/// <summary>Every row of every table as text, in a stable order: two databases with equal snapshots hold the same data.</summary>
internal static class DatabaseSnapshot
{
    public static async Task<string> TakeAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();

        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var snapshot = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values[i] = reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                }

                rows.Add(string.Join(" | ", values));
            }

            rows.Sort(StringComparer.Ordinal);
            snapshot.Append("## ").Append(table).Append(" (").Append(rows.Count).AppendLine(" rows)");
            rows.ForEach(row => snapshot.AppendLine(row));
        }

        return snapshot.ToString();
    }
}
