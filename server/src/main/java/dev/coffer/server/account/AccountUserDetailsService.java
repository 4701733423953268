package dev.coffer.server.account;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Spring Security's view of accounts for form login. Usernames are matched
 * case-insensitively. When a stored hash uses weaker parameters than today's, Spring
 * re-hashes the password at the next successful login through {@link #updatePassword}.
 */
@Service
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

	private final UserRepository users;

	AccountUserDetailsService(UserRepository users) {
		this.users = users;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		User user = this.users.findByUsername(Usernames.normalize(username))
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
		return toUserDetails(user);
	}

	@Override
	public UserDetails updatePassword(UserDetails user, String newPassword) {
		this.users.updatePasswordHash(user.getUsername(), newPassword);
		return org.springframework.security.core.userdetails.User.withUserDetails(user).password(newPassword).build();
	}

	private static UserDetails toUserDetails(User user) {
		List<SimpleGrantedAuthority> authorities = user.isAdmin()
				? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
				: List.of(new SimpleGrantedAuthority("ROLE_USER"));
		return org.springframework.security.core.userdetails.User.withUsername(user.username())
			.password(user.passwordHash())
			.disabled(!user.enabled())
			.authorities(authorities)
			.build();
	}

}
