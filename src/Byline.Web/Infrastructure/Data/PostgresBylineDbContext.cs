using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Infrastructure.Data;

public sealed class PostgresBylineDbContext(DbContextOptions<PostgresBylineDbContext> options) : BylineDbContext(options);
